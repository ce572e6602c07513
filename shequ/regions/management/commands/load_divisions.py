from django.core.management.base import BaseCommand, CommandError

from shequ.regions.services import LoadError, load_city


class Command(BaseCommand):
    help = "Load one city's districts, streets and communities from the shipped NBS 2023 code list (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="city code: 4 digits (3502) or 12 digits (350200000000)")

    def handle(self, *args, city, **options):
        try:
            result = load_city(city)
        except LoadError as error:
            raise CommandError(str(error))
        counts = ", ".join(f"{level} {count}" for level, count in result.counts.items())
        self.stdout.write(
            f"{result.city.name} ({result.city.code}): {counts}; "
            f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}."
        )
