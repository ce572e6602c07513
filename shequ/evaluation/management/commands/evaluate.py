"""`manage.py evaluate YEAR [--quarter Q] [--division CODE]`: score every community of a jurisdiction (EVAL-1)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shequ.core.context import change_context
from shequ.evaluation import services
from shequ.evaluation.models import Score
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division


class Command(BaseCommand):
    help = "Score every community of a jurisdiction under the indicator scheme in force (EVAL-1, EVAL-4)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="the scores to the end of a quarter")
        parser.add_argument("--division", help="the jurisdiction's 12-digit code (default: every city)")

    def handle(self, *args, year, quarter, division, **options):
        if division:
            divisions = list(Division.objects.filter(code=division))
            if not divisions:
                raise CommandError(f"No division with the code {division}.")
        else:
            divisions = list(Division.objects.filter(level=DivisionLevel.CITY).order_by("code"))
        for target in divisions:
            try:
                with change_context(None, source="command:evaluate"):
                    run = services.evaluate(acting_user=None, division=target, year=year, quarter=quarter)
            except ValidationError as invalid:
                raise CommandError(f"{target.name}: {'；'.join(invalid.messages)}") from None
            scores = Score.objects.filter(run=run)
            communities = Division.objects.filter(level=DivisionLevel.COMMUNITY, code__startswith=target.prefix)
            skipped = communities.count() - scores.count()
            counts = {
                grade: scores.filter(grade=grade).count() for grade in ("demonstration", "standard", "below", "unknown")
            }
            self.stdout.write(
                f"{target.name} {year}{f' Q{quarter}' if quarter else ''}: run {run.pk}, {scores.count()} scored, "
                f"{skipped} without a scheme; " + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
