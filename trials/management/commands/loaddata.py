"""loaddata that also enforces the integrity rules, all or nothing."""

from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from trials.validation import all_violations


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

    def loaddata(self, fixture_labels):
        # Runs inside the parent's transaction: raising here rolls the whole load back.
        super().loaddata(fixture_labels)
        violations = all_violations()
        if violations:
            lines = "\n".join(str(v) for v in violations[:50])
            raise CommandError(
                f"The fixtures break {len(violations)} integrity rule(s); nothing was loaded.\n"
                f"{lines}"
            )
