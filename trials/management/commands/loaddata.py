"""loaddata that also enforces the integrity rules, all or nothing, and starts the history."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from django.db.models.signals import post_save

from trials.validation import all_violations

REASON = "Loaded from fixtures"


class Command(loaddata.Command):
    help = (
        "Install fixtures in one transaction, then validate every curated record; "
        "if a fixture is malformed or breaks a rule, nothing is saved."
    )

    def handle(self, *fixture_labels, **options):
        try:
            super().handle(*fixture_labels, **options)
        except (DeserializationError, DatabaseError) as error:
            raise CommandError(f"{error}\nNothing was loaded.") from error
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)}\nNothing was loaded.") from error

    def loaddata(self, fixture_labels):
        # Runs inside the parent's transaction: raising here rolls the whole load back.
        loaded = defaultdict(list)

        def collect(sender, instance, raw=False, **kwargs):
            if raw and hasattr(sender, "history"):
                loaded[sender].append(instance)

        post_save.connect(collect, weak=False)
        try:
            super().loaddata(fixture_labels)
        finally:
            post_save.disconnect(collect)
        violations = all_violations()
        if violations:
            lines = "\n".join(str(v) for v in violations[:50])
            raise CommandError(
                f"The fixtures break {len(violations)} integrity rule(s); nothing was loaded.\n"
                f"{lines}"
            )
        self.start_history(loaded)

    @staticmethod
    def start_history(loaded):
        """A history record for each loaded object that is new or differs from its last one, so
        edits can revert and a fixture loaded over existing rows leaves a trace."""
        for model, objects in loaded.items():
            latest = {}
            for record in model.history.filter(id__in=[o.pk for o in objects]).order_by(
                "id", "history_date", "history_id"
            ):
                latest[record.id] = record
            fields = [f.attname for f in model._meta.concrete_fields]
            new = [o for o in objects if o.pk not in latest]
            changed = [
                o
                for o in objects
                if o.pk in latest and any(getattr(o, f) != getattr(latest[o.pk], f) for f in fields)
            ]
            model.history.bulk_history_create(new, default_change_reason=REASON)
            model.history.bulk_history_create(changed, update=True, default_change_reason=REASON)
