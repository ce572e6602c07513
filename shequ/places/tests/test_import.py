"""Areas, buildings and dwellings through the import engine: idempotent, references checked (issue #3)."""

import tempfile
from pathlib import Path

from django.test import TestCase

from shequ.core.importing import run_import
from shequ.core.testing.fixtures import build_tree
from shequ.places.importers import BuildingImporter, DwellingImporter, ResidentialAreaImporter
from shequ.places.models import Building, Dwelling, ResidentialArea


def csv_file(lines):
    path = Path(tempfile.mkstemp(suffix=".csv")[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class PlaceImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def run_file(self, importer, lines):
        path = csv_file(lines)
        return run_import(importer(self.tree.users["community"]), path, path.name, dry_run=False)

    def test_areas_buildings_dwellings_in_turn_and_again(self):
        files = [
            (
                ResidentialAreaImporter,
                [
                    "社区代码,小区名称,地址,封闭管理",
                    "350203001001,鸿山小区,鸿山路 1 号,是",
                    "350203001001,蜂巢小区,,否",
                ],
            ),
            (
                BuildingImporter,
                ["社区代码,小区名称,楼号,层数,单元数", "350203001001,鸿山小区,1号楼,18,2", "350203001001,,独栋,3,1"],
            ),
            (
                DwellingImporter,
                [
                    "社区代码,小区名称,楼号,单元,房号,楼层,面积,用途",
                    "350203001001,鸿山小区,1号楼,1,501,5,89.5,出租",
                    "350203001001,,独栋,,101,1,120,自住",
                ],
            ),
        ]
        for importer, lines in files:
            first = self.run_file(importer, lines)
            self.assertEqual((first.ok, first.job.created_count), (True, 2), first.errors)
            second = self.run_file(importer, lines)
            self.assertEqual(
                (second.job.created_count, second.job.updated_count, second.job.unchanged_count), (0, 0, 2)
            )
        self.assertEqual(ResidentialArea.objects.get(name="鸿山小区").enclosed, True)
        dwelling = Dwelling.objects.get(room="501")
        self.assertEqual(
            (str(dwelling.floor_area), dwelling.use, dwelling.building.number), ("89.50", "rented", "1号楼")
        )
        self.assertEqual(Building.objects.count(), 2)

    def test_unknown_references_and_bad_cells_are_named(self):
        result = self.run_file(
            BuildingImporter, ["社区代码,小区名称,楼号,层数,单元数", "350203001001,不存在小区,2号楼,abc,0"]
        )
        self.assertEqual(
            [(e.row, e.column, e.message) for e in result.errors],
            [
                (2, "小区名称", "小区 不存在小区 在本社区中不存在。"),
                (2, "层数", "“abc”不是数字。"),
                (2, "单元数", "“0”不在 1–50 范围内。"),
            ],
        )
        self.assertFalse(Building.objects.exists())
