"""Scope matrix over the evaluation registers (issue #14; AC-1, AC-3): a scheme and its indicators are written by
the district (and seen from below), inspections by the street, evaluations and scores only computed."""

from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from shequ.core.testing.scope import ScopeMatrix
from shequ.evaluation import models


def scheme_in(division):
    return models.Scheme.objects.get_or_create(
        division=division, year=2026, version=1, defaults={"name": f"考评方案{division.pk}"}
    )[0]


def indicator_in(division):
    return models.Indicator.objects.get_or_create(
        scheme=scheme_in(division),
        code="A1",
        defaults={"name": "明察暗访", "kind": "scored", "weight": Decimal("40.00")},
    )[0]


def run_in(division):
    return models.Run.objects.get_or_create(division=division, year=2026, defaults={"computed_at": timezone.now()})[0]


class SchemeScopeTests(ScopeMatrix, TestCase):
    model = models.Scheme
    writer_level = "district"

    @classmethod
    def make_object(cls, community):
        return scheme_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].code, "year": 2027, "name": "新考评方案"}

    def form_data(self, key):
        return {
            **self.create_payload(key),
            "division": self.tree[key].pk,
            "demonstration_threshold": "90",
            "standard_threshold": "60",
            "min_coverage": "60",
        }

    def update_payload(self):
        return {"name": "改名的方案"}


class IndicatorScopeTests(ScopeMatrix, TestCase):
    model = models.Indicator
    writer_level = "district"
    export_key = "code"

    @classmethod
    def make_object(cls, community):
        return indicator_in(community)

    def create_payload(self, key):
        return {
            "scheme": self.objects[key].scheme_id,
            "code": "B1",
            "name": "媒体曝光",
            "kind": "scored",
            "weight": "20",
            "zero_at": "3",
            "full_at": "0",
        }

    form_data = create_payload

    def update_payload(self):
        return {"weight": "30"}


class InspectionScopeTests(ScopeMatrix, TestCase):
    model = models.Inspection
    writer_level = "street"
    export_key = "inspected_on"

    @classmethod
    def make_object(cls, community):
        return models.Inspection.objects.create(
            community=community,
            indicator=indicator_in(community),
            kind="open",
            inspected_on=date(2026, 3, 5),
            inspectors="区考评组",
            score=Decimal("80.00"),
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "indicator": self.objects[key].indicator_id,
            "kind": "unannounced",
            "inspected_on": "2026-06-01",
            "inspectors": "市考评组",
            "score": "90",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"score": "85"}


class RunScopeTests(ScopeMatrix, TestCase):
    model = models.Run
    read_only = True
    export_key = "division"

    @classmethod
    def make_object(cls, community):
        return run_in(community)


class ScoreScopeTests(ScopeMatrix, TestCase):
    model = models.Score
    read_only = True
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return models.Score.objects.create(
            run=run_in(community),
            community=community,
            scheme=scheme_in(community),
            total=Decimal("80.00"),
            known_weight=Decimal("100.00"),
            grade="standard",
        )


# ---- rectification, titles, awards, re-checks and deductions (EVAL-2, EVAL-3, EVAL-4): cases are kept by the street
# (the community reads its own), awards by the district; titles, draws, re-checks and deductions only by their steps.


def title_in(community):
    return models.Title.objects.get_or_create(community=community, year=2025, defaults={"named_on": date(2026, 2, 1)})[
        0
    ]


def draw_in(division):
    return models.RecheckDraw.objects.get_or_create(
        division=division, year=2026, defaults={"seed": 7, "size": 1, "candidates": 1, "drawn_at": timezone.now()}
    )[0]


class RectificationScopeTests(ScopeMatrix, TestCase):
    model = models.Rectification
    writer_level = "street"
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return models.Rectification.objects.create(community=community, year=2025, origin="evaluation")

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "year": 2026,
            "origin": "evaluation",
            "meeting_on": "2026-01-10",
            "deadline": "2026-06-30",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"measures": "增设便民服务窗口"}


class TitleScopeTests(ScopeMatrix, TestCase):
    model = models.Title
    read_only = True
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return title_in(community)


class AwardScopeTests(ScopeMatrix, TestCase):
    model = models.Award
    writer_level = "district"
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.Award.objects.create(
            title=title_in(community),
            level="city",
            stage="awarded",
            decided_on=date(2026, 2, 1),
            amount=Decimal("50000.00"),
            fund_name="社区建设专项资金",
        )

    def create_payload(self, key):
        return {
            "title": self.objects[key].title_id,
            "level": "provincial",
            "stage": "recommended",
            "decided_on": "2026-03-01",
        }

    form_data = create_payload

    def update_payload(self):
        return {"note": "省民政厅受理"}


class RecheckDrawScopeTests(ScopeMatrix, TestCase):
    model = models.RecheckDraw
    read_only = True
    export_key = "division"

    @classmethod
    def make_object(cls, community):
        return draw_in(community)


class RecheckScopeTests(ScopeMatrix, TestCase):
    model = models.Recheck
    read_only = True
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return models.Recheck.objects.create(
            draw=draw_in(community), title=title_in(community), community=community, year=2026
        )


class DeductionScopeTests(ScopeMatrix, TestCase):
    model = models.Deduction
    read_only = True
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return models.Deduction.objects.create(
            community=community,
            title=title_in(community),
            year=2027,
            amount=Decimal("50000.00"),
            reason="连续两年复查未通过",
        )
