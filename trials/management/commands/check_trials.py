from django.core.management.base import BaseCommand, CommandError

from trials.validation import all_violations


class Command(BaseCommand):
    help = "Validate every curated record; print each violation as trial | record | rule | message."

    def handle(self, *args, **options):
        violations = all_violations()
        for violation in violations:
            self.stdout.write(str(violation))
        if violations:
            raise CommandError(f"{len(violations)} integrity rule(s) broken.", returncode=1)
        self.stdout.write(self.style.SUCCESS("All curated records pass the integrity rules."))
