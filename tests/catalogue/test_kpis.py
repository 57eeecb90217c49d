"""Catalogue KPIs against values computed by hand on a small catalogue.

Region tree: province 960000 with cities 960100 (A) and 960200 (B), plus an
empty city 960300.  Public items (Ⅳ = full online, 即 = 即办件):

=====  ======  =====  ==  ======  ===========  =================  ==============
item   region  depth  即  visits  legal         promised           materials
=====  ======  =====  ==  ======  ===========  =================  ==============
I1     A/dA1   Ⅳ      no  0       20 WD = 28   5 WD = 7           3 (2 waived)
I2     A/dA1   Ⅲ      yes 1       3 months=90  0                  2 (0 waived)
I3     A/dA2   Ⅲ      yes 0       none         0                  1 (1 waived)
I4     B/dB    Ⅱ      no  2       30 ND = 30   15 WD = 21         4 (1 waived)
I5     P/dP    Ⅳ      yes 0       10 WD = 14   0 (suspended)      0
I6     B/dB    Ⅲ      yes 2       20 ND = 20   0                  2 (1 waived)
=====  ======  =====  ==  ======  ===========  =================  ==============

Excluded: X1 (A/dA3, unpublished, Ⅳ, 0 visits, legal 20 WD, promised 10 WD,
2 waived materials) and X2 (B/dB, cancelled, Ⅰ, 2 visits, legal and promised
10 ND, 1 material).
"""

import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from catalogue import services
from catalogue.constants import (
    ExerciseLevel,
    HandlingType,
    ItemStatus,
    OnlineDepth,
    ReviewType,
    TimeUnit,
    WaiveVia,
)
from catalogue.kpis import kpis_by
from catalogue.models import ServiceItem

from .factories import (
    DepartmentFactory,
    MaterialFactory,
    RegionFactory,
    ServiceItemFactory,
)

WD, ND, MONTH = TimeUnit.WORKING_DAY, TimeUnit.NATURAL_DAY, TimeUnit.MONTH

IMMEDIATE = {
    "handling_type": HandlingType.IMMEDIATE,
    "review_type": ReviewType.IMMEDIATE,
    "promised_limit_value": 0,
    "promised_limit_unit": "",
}

# All public items: I1–I6.
OVERALL = {
    "items": 6,
    "materials": 12,  # 3 + 2 + 1 + 4 + 0 + 2
    "materials_waived": 5,  # 2 + 0 + 1 + 1 + 0 + 1
    "material_waived_rate": 0.4167,  # 5 / 12 = 0.41666…
    "full_online_rate": 0.3333,  # I1, I5 → 2 / 6
    "immediate_rate": 0.6667,  # I2, I3, I5, I6 → 4 / 6
    "zero_visit_rate": 0.5,  # I1, I3, I5 → 3 / 6
    "average_visits": 0.8333,  # (0 + 1 + 0 + 2 + 0 + 2) / 6 = 5 / 6
    # basis: I1, I2, I4, I5, I6 (I3 has no legal limit)
    # Σ legal = 28 + 90 + 30 + 14 + 20 = 182
    # Σ saved = 21 + 90 + 9 + 14 + 20 = 154 → 154 / 182 = 0.84615…
    "promise_compression_ratio": 0.8462,
    "promise_compression_basis": 5,
}

# City A: I1, I2, I3.
CITY_A = {
    "items": 3,
    "materials": 6,  # 3 + 2 + 1
    "materials_waived": 3,  # 2 + 0 + 1
    "material_waived_rate": 0.5,  # 3 / 6
    "full_online_rate": 0.3333,  # I1 → 1 / 3
    "immediate_rate": 0.6667,  # I2, I3 → 2 / 3
    "zero_visit_rate": 0.6667,  # I1, I3 → 2 / 3
    "average_visits": 0.3333,  # (0 + 1 + 0) / 3
    # basis I1, I2: Σ legal = 28 + 90 = 118, Σ saved = 21 + 90 = 111 → 0.94067…
    "promise_compression_ratio": 0.9407,
    "promise_compression_basis": 2,
}

# City B: I4, I6.
CITY_B = {
    "items": 2,
    "materials": 6,  # 4 + 2
    "materials_waived": 2,  # 1 + 1
    "material_waived_rate": 0.3333,  # 2 / 6
    "full_online_rate": 0.0,  # 0 / 2
    "immediate_rate": 0.5,  # I6 → 1 / 2
    "zero_visit_rate": 0.0,  # 0 / 2
    "average_visits": 2.0,  # (2 + 2) / 2
    # Σ legal = 30 + 20 = 50, Σ saved = 9 + 20 = 29 → 0.58
    "promise_compression_ratio": 0.58,
    "promise_compression_basis": 2,
}

EMPTY = {
    "items": 0,
    "materials": 0,
    "materials_waived": 0,
    "material_waived_rate": None,
    "full_online_rate": None,
    "immediate_rate": None,
    "zero_visit_rate": None,
    "average_visits": None,
    "promise_compression_ratio": None,
    "promise_compression_basis": 0,
}


def _materials(item, total, waived):
    for number in range(total):
        if number < waived:
            MaterialFactory(item=item, waivable=True, waive_via=WaiveVia.E_LICENCE)
        else:
            MaterialFactory(item=item)


class KpiCatalogueMixin:
    @classmethod
    def setUpTestData(cls):
        cls.province = RegionFactory(code="960000", level=ExerciseLevel.PROVINCIAL)
        cls.city_a = RegionFactory(code="960100", parent=cls.province)
        cls.city_b = RegionFactory(code="960200", parent=cls.province)
        cls.city_empty = RegionFactory(code="960300", parent=cls.province)
        cls.dep_p = DepartmentFactory(region=cls.province)
        cls.dep_a1 = DepartmentFactory(region=cls.city_a)
        cls.dep_a2 = DepartmentFactory(region=cls.city_a)
        cls.dep_a3 = DepartmentFactory(region=cls.city_a)
        cls.dep_b = DepartmentFactory(region=cls.city_b)
        zero = {"visits": 0, "must_visit_reason": ""}

        i1 = ServiceItemFactory(
            department=cls.dep_a1,
            online_depth=OnlineDepth.LEVEL_4,
            legal_limit_value=20,
            legal_limit_unit=WD,
            promised_limit_value=5,
            promised_limit_unit=WD,
            **zero,
        )
        i2 = ServiceItemFactory(
            department=cls.dep_a1,
            legal_limit_value=3,
            legal_limit_unit=MONTH,
            **IMMEDIATE,
        )
        i3 = ServiceItemFactory(
            department=cls.dep_a2,
            legal_limit_value=None,
            legal_limit_unit="",
            **IMMEDIATE,
            **zero,
        )
        i4 = ServiceItemFactory(
            department=cls.dep_b,
            online_depth=OnlineDepth.LEVEL_2,
            visits=2,
            legal_limit_value=30,
            legal_limit_unit=ND,
            promised_limit_value=15,
            promised_limit_unit=WD,
        )
        i5 = ServiceItemFactory(
            department=cls.dep_p,
            online_depth=OnlineDepth.LEVEL_4,
            status=ItemStatus.SUSPENDED,
            legal_limit_value=10,
            legal_limit_unit=WD,
            **IMMEDIATE,
            **zero,
        )
        i6 = ServiceItemFactory(
            department=cls.dep_b,
            visits=2,
            legal_limit_value=20,
            legal_limit_unit=ND,
            **IMMEDIATE,
        )
        for item, total, waived in (
            (i1, 3, 2),
            (i2, 2, 0),
            (i3, 1, 1),
            (i4, 4, 1),
            (i6, 2, 1),
        ):
            _materials(item, total, waived)

        x1 = ServiceItemFactory(
            department=cls.dep_a3, live=False, online_depth=OnlineDepth.LEVEL_4, **zero
        )
        _materials(x1, 2, 2)
        x2 = ServiceItemFactory(
            department=cls.dep_b,
            status=ItemStatus.CANCELLED,
            online_depth=OnlineDepth.LEVEL_1,
            visits=2,
            legal_limit_value=10,
            legal_limit_unit=ND,
            promised_limit_value=10,
            promised_limit_unit=ND,
        )
        _materials(x2, 1, 0)
        cls.items = {"I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5, "I6": i6}


class CatalogueKpiTests(KpiCatalogueMixin, TestCase):
    def test_fixture_items_are_consistent(self):
        """The hand-built catalogue breaks no hard rule: its figures are realistic."""
        for name, item in self.items.items():
            with self.subTest(name):
                item.full_clean()

    def test_overall_kpis(self):
        """Without a region the KPIs cover every public item (I1–I6)."""
        self.assertEqual(services.catalogue_kpis().as_dict(), OVERALL)

    def test_province_includes_its_cities(self):
        """The province's KPIs include the items of the cities below it."""
        self.assertEqual(
            services.catalogue_kpis(region=self.province).as_dict(), OVERALL
        )

    def test_sub_regions(self):
        """A city's KPIs cover only that city's public items."""
        table = [(self.city_a, CITY_A), (self.city_b, CITY_B), (self.city_empty, EMPTY)]
        for region, expected in table:
            with self.subTest(region=region.code):
                self.assertEqual(
                    services.catalogue_kpis(region=region).as_dict(), expected
                )

    def test_unpublished_and_cancelled_items_are_excluded(self):
        """Publishing X1 or un-cancelling X2 changes the counts: both were left out."""
        ServiceItem.objects.filter(live=False).update(live=True)
        report = services.catalogue_kpis()
        self.assertEqual(report.items, 7)  # I1–I6 + X1
        self.assertEqual(report.materials, 14)  # 12 + 2
        self.assertEqual(report.materials_waived, 7)  # 5 + 2
        ServiceItem.objects.filter(status=ItemStatus.CANCELLED).update(
            status=ItemStatus.ACTIVE
        )
        report = services.catalogue_kpis()
        self.assertEqual(report.items, 8)
        # basis gains X1 (factory limits 20 WD / 10 WD = 28 / 14)
        # and X2 (10 ND / 10 ND):
        # Σ legal 182 + 28 + 10 = 220, Σ saved 154 + 14 + 0 = 168 → 0.76363…
        self.assertEqual(report.promise_compression_ratio, 0.7636)
        self.assertEqual(report.promise_compression_basis, 7)
        # visits 5 + 0 (X1) + 2 (X2) = 7 over 8 items
        self.assertEqual(report.average_visits, 0.875)

    def test_kpis_by_department(self):
        """kpis_by(department) reports exactly the departments with public items."""
        reports = kpis_by(ServiceItem.objects.public(), "department")
        self.assertEqual(
            set(reports), {self.dep_p.pk, self.dep_a1.pk, self.dep_a2.pk, self.dep_b.pk}
        )
        # dA1: I1, I2
        self.assertEqual(
            reports[self.dep_a1.pk].as_dict(),
            {
                "items": 2,
                "materials": 5,  # 3 + 2
                "materials_waived": 2,
                "material_waived_rate": 0.4,  # 2 / 5
                "full_online_rate": 0.5,  # I1
                "immediate_rate": 0.5,  # I2
                "zero_visit_rate": 0.5,  # I1
                "average_visits": 0.5,  # (0 + 1) / 2
                "promise_compression_ratio": 0.9407,  # 111 / 118
                "promise_compression_basis": 2,
            },
        )
        # dP: I5 alone, suspended but still public; no materials
        self.assertEqual(
            reports[self.dep_p.pk].as_dict(),
            {
                "items": 1,
                "materials": 0,
                "materials_waived": 0,
                "material_waived_rate": None,
                "full_online_rate": 1.0,
                "immediate_rate": 1.0,
                "zero_visit_rate": 1.0,
                "average_visits": 0.0,
                "promise_compression_ratio": 1.0,  # (14 − 0) / 14
                "promise_compression_basis": 1,
            },
        )
        self.assertEqual(reports[self.dep_b.pk].as_dict(), CITY_B)
        self.assertEqual(reports[self.dep_a2.pk].items, 1)
        self.assertIsNone(
            reports[self.dep_a2.pk].promise_compression_ratio
        )  # I3: no legal limit


class CatalogueStatsCommandTests(KpiCatalogueMixin, TestCase):
    def _run(self, *args):
        out = StringIO()
        call_command("catalogue_stats", *args, stdout=out)
        return out.getvalue()

    def test_json_output(self):
        """--format json prints the overall report, items and materials first."""
        data = json.loads(self._run("--format", "json"))
        self.assertEqual(list(data)[:2], ["items", "materials"])
        self.assertEqual(data, OVERALL)

    def test_json_output_for_a_region(self):
        """--region limits the report to that region and the regions below it."""
        data = json.loads(self._run("--format", "json", "--region", "960100"))
        self.assertEqual(data, CITY_A)

    def test_text_output(self):
        """The default text format prints one 'key: value' line per KPI."""
        lines = self._run("--region", "960200").splitlines()
        self.assertEqual(lines[0], "items: 2")
        self.assertIn("average_visits: 2.0", lines)
        self.assertEqual(len(lines), len(CITY_B))

    def test_unknown_region(self):
        """An unknown region code is a CommandError naming the code."""
        with self.assertRaises(CommandError) as caught:
            self._run("--format", "json", "--region", "123456")
        self.assertIn("123456", str(caught.exception))
