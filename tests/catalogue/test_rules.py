"""Consistency rules (catalogue.rules) and the code validators.

The rule functions read plain attributes, so most cases run on a
``SimpleNamespace`` item; the ``ServiceItem.full_clean`` tests check that hard
rules block saving on the right field and soft rules never do.
"""

from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import SimpleTestCase, TestCase

from catalogue import rules
from catalogue.constants import (
    Audience,
    Channel,
    HandlingType,
    ItemType,
    OnlineDepth,
    ReviewType,
    TimeUnit,
    WaiveVia,
)
from catalogue.models import FeeItem, Material, ProcessStep
from catalogue.validators import (
    CatalogueCodeValidator,
    CreditCodeValidator,
    ImplementationCodeValidator,
    PhoneValidator,
    credit_code_check_character,
)

from .factories import (
    DepartmentFactory,
    RegionFactory,
    ServiceItemFactory,
    TopicFactory,
)

WD, ND, MONTH = TimeUnit.WORKING_DAY, TimeUnit.NATURAL_DAY, TimeUnit.MONTH


def _item(**overrides):
    """A consistent promised item (depth Ⅲ, one visit) as plain attributes."""
    values = {
        "legal_limit_value": 20,
        "legal_limit_unit": WD,
        "promised_limit_value": 10,
        "promised_limit_unit": WD,
        "handling_type": HandlingType.PROMISED,
        "review_type": ReviewType.PRIOR_REVIEW,
        "visits": 1,
        "must_visit_reason": "需现场核验身份",
        "is_online": True,
        "online_depth": OnlineDepth.LEVEL_3,
        "channels": [Channel.WEB, Channel.WINDOW],
        "is_charged": False,
        "supports_online_payment": False,
        "consult_phone": "12345",
        "complaint_phone": "12389",
        "audience": [Audience.NATURAL_PERSON],
        "topic_groups": set(),
        "item_type": ItemType.CONFIRMATION,
        "region_id": 1,
        "department": SimpleNamespace(region_id=1),
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def _immediate(**overrides):
    """A consistent 即办件: promised 0, reviewed on the spot."""
    values = {
        "promised_limit_value": 0,
        "promised_limit_unit": "",
        "handling_type": HandlingType.IMMEDIATE,
        "review_type": ReviewType.IMMEDIATE,
    }
    values.update(overrides)
    return _item(**values)


def _codes(item, children=None):
    return {v.code: v for v in rules.check_item(item, children)}


class BaselineTests(SimpleTestCase):
    def test_consistent_items_have_no_findings(self):
        """The baseline promised item and a consistent 即办件 break no rule."""
        for label, item in (("promised", _item()), ("immediate", _immediate())):
            with self.subTest(label):
                self.assertEqual(rules.check_item(item), [])


class ToNaturalDaysTests(SimpleTestCase):
    def test_units_convert_to_natural_days(self):
        """Working days count 1.4 natural days, a month 30; missing parts give None."""
        table = [
            (20, WD, 28.0),
            (15, WD, 21.0),
            (60, ND, 60.0),
            (3, MONTH, 90.0),
            (0, WD, 0.0),
            (None, WD, None),
            (5, "", None),
        ]
        for value, unit, expected in table:
            with self.subTest(value=value, unit=unit):
                result = rules.to_natural_days(value, unit)
                if expected is None:
                    self.assertIsNone(result)
                else:
                    self.assertAlmostEqual(result, expected)


class PromisedWithinLegalTests(SimpleTestCase):
    def test_promised_limit_compared_across_units(self):
        """Promised may not exceed legal once both are in natural days."""
        table = [
            # (legal, promised, valid)
            ((3, MONTH), (60, ND), True),  # 90 ≥ 60
            ((20, WD), (30, WD), False),  # 28 < 42
            ((20, ND), (15, WD), False),  # 20 < 21
            ((20, WD), (20, WD), True),  # equal is allowed
            ((7, ND), (5, WD), True),  # 7 = 7, equal across units
            ((1, MONTH), (30, ND), True),  # 30 = 30
            ((1, MONTH), (22, WD), False),  # 30 < 30.8
            ((20, ND), (14, WD), True),  # 20 ≥ 19.6
            ((None, ""), (10, WD), True),  # no legal limit: nothing to compare
        ]
        for (legal, legal_unit), (promised, promised_unit), valid in table:
            item = _item(
                legal_limit_value=legal,
                legal_limit_unit=legal_unit,
                promised_limit_value=promised,
                promised_limit_unit=promised_unit,
            )
            with self.subTest(
                legal=(legal, legal_unit), promised=(promised, promised_unit)
            ):
                found = _codes(item)
                self.assertEqual("promised_exceeds_legal" not in found, valid, found)
                if not valid:
                    violation = found["promised_exceeds_legal"]
                    self.assertEqual(violation.field, "promised_limit_value")
                    self.assertIs(violation.severity, rules.Severity.ERROR)
                self.assertEqual(
                    list(found), [] if valid else ["promised_exceeds_legal"]
                )


class LimitUnitsTests(SimpleTestCase):
    def test_a_positive_limit_needs_a_unit(self):
        """A limit value above 0 without a unit is an error on that unit field."""
        table = [
            ({"legal_limit_unit": ""}, "legal_limit_unit"),
            ({"promised_limit_unit": ""}, "promised_limit_unit"),
        ]
        for overrides, field in table:
            with self.subTest(field=field):
                found = _codes(_item(**overrides))
                self.assertEqual(found["missing_unit"].field, field)
                self.assertIs(found["missing_unit"].severity, rules.Severity.ERROR)

    def test_zero_or_empty_limits_need_no_unit(self):
        """即办 (0) and 'no statutory limit' (None) are complete without a unit."""
        self.assertNotIn("missing_unit", _codes(_immediate()))
        self.assertNotIn(
            "missing_unit", _codes(_item(legal_limit_value=None, legal_limit_unit=""))
        )


class SimpleHardRuleTests(SimpleTestCase):
    """Each hard rule: a violating item and the nearest passing item."""

    TABLE = [
        # (code, field, violating overrides, passing overrides)
        (
            "full_online_with_visits",
            "visits",
            {"online_depth": OnlineDepth.LEVEL_4, "visits": 1},
            {"online_depth": OnlineDepth.LEVEL_4, "visits": 0},
        ),
        (
            "missing_visit_reason",
            "must_visit_reason",
            {"visits": 2, "must_visit_reason": "  "},
            {"visits": 0, "must_visit_reason": ""},
        ),
        (
            "payment_without_fee",
            "supports_online_payment",
            {"is_charged": False, "supports_online_payment": True},
            {"is_charged": True, "supports_online_payment": True},
        ),
        (
            "depth_without_online",
            "is_online",
            {"online_depth": OnlineDepth.LEVEL_3, "is_online": False},
            {"online_depth": OnlineDepth.LEVEL_2, "is_online": False},
        ),
        (
            "depth_without_online",
            "is_online",
            {"online_depth": OnlineDepth.LEVEL_4, "visits": 0, "is_online": False},
            {"online_depth": OnlineDepth.LEVEL_4, "visits": 0, "is_online": True},
        ),
        (
            "department_outside_region",
            "department",
            {"region_id": 1, "department": SimpleNamespace(region_id=2)},
            {"region_id": 2, "department": SimpleNamespace(region_id=2)},
        ),
    ]

    def test_hard_rules_flag_violations_as_errors(self):
        """The violating item yields the rule's ERROR on the named field."""
        for code, field, violating, _passing in self.TABLE:
            with self.subTest(code=code, overrides=violating):
                found = _codes(_item(**violating))
                self.assertIn(code, found)
                self.assertEqual(found[code].field, field)
                self.assertIs(found[code].severity, rules.Severity.ERROR)

    def test_hard_rules_pass_consistent_items(self):
        """The passing variant of each case does not trigger the rule."""
        for code, _field, _violating, passing in self.TABLE:
            with self.subTest(code=code, overrides=passing):
                self.assertNotIn(code, _codes(_item(**passing)))

    def test_zero_visit_full_online_item_is_clean(self):
        """Ⅳ with 0 visits and no visit reason is fully consistent."""
        item = _item(online_depth=OnlineDepth.LEVEL_4, visits=0, must_visit_reason="")
        self.assertEqual(rules.check_item(item), [])


class ImmediateHandlingTests(SimpleTestCase):
    def test_immediate_consistency(self):
        """Promised 0 ⇔ 即办件 ⇔ 即审即办; a mismatch is an error on the right field."""
        table = [
            # (label, item, expected codes)
            ("即办件 consistent", _immediate(), set()),
            ("承诺件 consistent", _item(), set()),
            (
                "limit 0 but 承诺件",
                _item(promised_limit_value=0, promised_limit_unit=""),
                {"immediate_mismatch"},
            ),
            (
                "即办件 with a 10-day limit",
                _immediate(promised_limit_value=10, promised_limit_unit=WD),
                {"immediate_mismatch"},
            ),
            (
                "即办件 without any promised limit",
                _immediate(promised_limit_value=None),
                {"immediate_mismatch"},
            ),
            (
                "即办件 reviewed before approval",
                _immediate(review_type=ReviewType.PRIOR_REVIEW),
                {"immediate_review_mismatch"},
            ),
            (
                "承诺件 reviewed on the spot",
                _item(review_type=ReviewType.IMMEDIATE),
                {"immediate_review_mismatch"},
            ),
            ("即办件 without review type", _immediate(review_type=""), set()),
        ]
        fields = {
            "immediate_mismatch": "handling_type",
            "immediate_review_mismatch": "review_type",
        }
        for label, item, expected in table:
            with self.subTest(label):
                found = _codes(item)
                self.assertEqual(set(found), expected)
                for code in expected:
                    self.assertEqual(found[code].field, fields[code])
                    self.assertIs(found[code].severity, rules.Severity.ERROR)


class CheckMaterialTests(SimpleTestCase):
    def _material(self, **overrides):
        values = {"waivable": False, "waive_via": "", "rongque_allowed": False}
        values.update(overrides)
        return SimpleNamespace(**values)

    def test_material_rules(self):
        """A waived material names its method; 容缺 and waived exclude each other."""
        table = [
            ("plain", {}, {}),
            (
                "waived via e-licence",
                {"waivable": True, "waive_via": WaiveVia.E_LICENCE},
                {},
            ),
            ("容缺 only", {"rongque_allowed": True}, {}),
            (
                "waived without method",
                {"waivable": True},
                {"waiver_without_method": "waive_via"},
            ),
            (
                "waived and 容缺",
                {
                    "waivable": True,
                    "waive_via": WaiveVia.DATA_SHARING,
                    "rongque_allowed": True,
                },
                {"rongque_and_waived": "rongque_allowed"},
            ),
            (
                "both problems",
                {"waivable": True, "rongque_allowed": True},
                {
                    "waiver_without_method": "waive_via",
                    "rongque_and_waived": "rongque_allowed",
                },
            ),
        ]
        for label, overrides, expected in table:
            with self.subTest(label):
                found = rules.check_material(self._material(**overrides))
                self.assertEqual({v.code: v.field for v in found}, expected)
                self.assertTrue(all(v.severity is rules.Severity.ERROR for v in found))


class SoftRuleTests(SimpleTestCase):
    """Soft rules: WARNING severity, each with a violating and a passing case."""

    def _step(self, value, unit):
        return SimpleNamespace(time_limit_value=value, time_limit_unit=unit)

    def test_soft_rules(self):
        """Each soft rule warns on its violating case, not on its passing one."""
        org = [Audience.ENTERPRISE]
        table = [
            # (code, field, violating (item, children), passing (item, children))
            (
                "fee_items_without_charge",
                "is_charged",
                (_item(), rules.ItemChildren(fees=[object()])),
                (_item(is_charged=True), rules.ItemChildren(fees=[object()])),
            ),
            (
                "zero_visit_without_mail",
                "channels",
                (
                    _item(visits=0, is_online=False, online_depth=OnlineDepth.LEVEL_1),
                    None,
                ),
                (
                    _item(
                        visits=0,
                        is_online=False,
                        online_depth=OnlineDepth.LEVEL_1,
                        channels=[Channel.WINDOW, Channel.EXPRESS_IN],
                    ),
                    None,
                ),
            ),
            (
                "same_phones",
                "complaint_phone",
                (_item(consult_phone="12345", complaint_phone="12345"), None),
                (_item(consult_phone="", complaint_phone=""), None),
            ),
            (
                "audience_topic_mismatch",
                "topics",
                (_item(audience=org, topic_groups={"natural_person"}), None),
                (_item(audience=org, topic_groups={"legal_person"}), None),
            ),
            (
                "audience_topic_mismatch",
                "topics",
                (_item(topic_groups={"legal_person"}), None),
                (_item(topic_groups={"natural_person"}), None),
            ),
            (
                "licensing_without_faq",
                "faqs",
                (_item(item_type=ItemType.LICENSING), None),
                (
                    _item(item_type=ItemType.LICENSING),
                    rules.ItemChildren(faqs=[object()]),
                ),
            ),
            (
                "steps_exceed_promise",
                "steps",
                # 10 working days promised = 14 natural; 5 WD + 10 ND = 17 > 14
                (
                    _item(),
                    rules.ItemChildren(steps=[self._step(5, WD), self._step(10, ND)]),
                ),
                # 5 WD + 7 ND = 14 = 14
                (
                    _item(),
                    rules.ItemChildren(steps=[self._step(5, WD), self._step(7, ND)]),
                ),
            ),
        ]
        for code, field, (bad, bad_children), (good, good_children) in table:
            with self.subTest(code=code, case="violating"):
                found = _codes(bad, bad_children)
                self.assertEqual(set(found), {code})
                self.assertEqual(found[code].field, field)
                self.assertIs(found[code].severity, rules.Severity.WARNING)
            with self.subTest(code=code, case="passing"):
                self.assertEqual(_codes(good, good_children), {})


class ServiceItemFullCleanTests(TestCase):
    """Hard rules raise ValidationError from full_clean; soft rules do not."""

    @classmethod
    def setUpTestData(cls):
        cls.region = RegionFactory(code="970100")
        cls.other_region = RegionFactory(code="970200")
        cls.department = DepartmentFactory(region=cls.region)
        cls.other_department = DepartmentFactory(region=cls.other_region)
        cls.org_topic = TopicFactory(audience_group="legal_person", code="005")

    def _build(self, **overrides):
        return ServiceItemFactory.build(department=self.department, **overrides)

    def test_factory_item_is_valid(self):
        """The factory default passes full_clean and has no warnings."""
        item = self._build()
        item.full_clean()
        self.assertEqual(item.warnings(), [])

    def test_hard_rules_raise_on_their_field(self):
        """Each hard-rule violation makes full_clean raise keyed on the rule's field."""
        table = [
            ("promised_limit_value", {"promised_limit_value": 30}),  # 30 WD > 20 WD
            (
                "promised_limit_value",
                {
                    "legal_limit_value": 20,
                    "legal_limit_unit": ND,
                    "promised_limit_value": 15,
                },
            ),
            ("promised_limit_unit", {"promised_limit_unit": ""}),
            ("visits", {"online_depth": OnlineDepth.LEVEL_4, "visits": 1}),
            ("must_visit_reason", {"must_visit_reason": ""}),
            ("supports_online_payment", {"supports_online_payment": True}),
            (
                "handling_type",
                {"handling_type": HandlingType.IMMEDIATE, "review_type": ""},
            ),
            ("review_type", {"review_type": ReviewType.IMMEDIATE}),
            ("is_online", {"is_online": False}),
            ("department", {"region": self.other_region}),
        ]
        for field, overrides in table:
            with self.subTest(field=field, overrides=overrides):
                item = self._build(**overrides)
                expected = [
                    v.message
                    for v in item.check_rules()
                    if v.severity is rules.Severity.ERROR
                ]
                with self.assertRaises(ValidationError) as caught:
                    item.full_clean()
                self.assertEqual(set(caught.exception.message_dict), {field})
                self.assertEqual(caught.exception.message_dict[field], expected)

    def test_legal_months_promised_natural_days_is_valid(self):
        """3 months legal and 60 calendar days promised passes full_clean."""
        item = self._build(
            legal_limit_value=3,
            legal_limit_unit=MONTH,
            promised_limit_value=60,
            promised_limit_unit=ND,
        )
        item.full_clean()

    def test_material_rules_block_the_item(self):
        """A bad material is reported form-wide (not a field) with its number and name."""
        item = self._build()
        item.materials = [
            Material(name="身份证", waivable=True, waive_via=WaiveVia.E_LICENCE),
            Material(name="户口簿", waivable=True, waive_via=""),
        ]
        with self.assertRaises(ValidationError) as caught:
            item.full_clean()
        self.assertEqual(set(caught.exception.message_dict), {NON_FIELD_ERRORS})
        [message] = caught.exception.message_dict[NON_FIELD_ERRORS]
        self.assertTrue(message.startswith("2. 户口簿: "), message)

    def test_material_full_clean_keys_on_its_own_field(self):
        """Material.full_clean reports waive_via and rongque_allowed on those fields."""
        item = self._build()
        item.save()
        material = Material(
            item=item, name="营业执照", waivable=True, rongque_allowed=True
        )
        with self.assertRaises(ValidationError) as caught:
            material.full_clean()
        self.assertEqual(
            set(caught.exception.message_dict), {"waive_via", "rongque_allowed"}
        )
        material.waivable = False
        material.full_clean()

    def test_soft_rules_warn_but_do_not_block(self):
        """Items breaking only soft rules pass full_clean and list WARNINGs."""
        cases = [
            ("same_phones", {"complaint_phone": "12345"}, {}),
            ("licensing_without_faq", {"item_type": ItemType.LICENSING}, {}),
            (
                "zero_visit_without_mail",
                {
                    "visits": 0,
                    "must_visit_reason": "",
                    "is_online": False,
                    "online_depth": OnlineDepth.LEVEL_2,
                },
                {},
            ),
            (
                "fee_items_without_charge",
                {},
                {"fees": [FeeItem(name="工本费", standard="20元")]},
            ),
            (
                "steps_exceed_promise",
                {},
                # 10 WD promised = 14 natural; one 15 WD step = 21 natural
                {
                    "steps": [
                        ProcessStep(
                            name="审查", time_limit_value=15, time_limit_unit=WD
                        )
                    ]
                },
            ),
            (
                "audience_topic_mismatch",
                {},
                {"topics": [self.org_topic]},
            ),
        ]
        for code, overrides, children in cases:
            with self.subTest(code=code):
                item = self._build(**overrides)
                for relation, values in children.items():
                    setattr(item, relation, values)
                item.full_clean()  # must not raise
                warnings = item.warnings()
                self.assertEqual([w.code for w in warnings], [code])
                self.assertIs(warnings[0].severity, rules.Severity.WARNING)


# --- validators ---------------------------------------------------------------


class CreditCodeValidatorTests(SimpleTestCase):
    # Weights 3^i mod 31: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
    # 91350100M000100Y4: 9·1 + 1·3 + 3·9 + 5·27 + 1·26 + M(21)·20 + 1·8 + Y(30)·30
    #   + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → "3".
    # 91110000600037341: 9 + 3 + 9 + 27 + 6·20 + 3·8 + 7·24 + 3·10 + 4·30 + 1·28
    #   = 538; 538 mod 31 = 11; 31 − 11 = 20 → "L".
    # 9111000060003734F: 538 − 28 + F(15)·28 = 930 = 30·31 → remainder 0 → "0".
    # 9111000060003734R: 538 − 28 + R(25)·28 = 1210; mod 31 = 1; 31 − 1 = 30 → "Y".
    VALID = [
        "91350100M000100Y43",
        "91110000600037341L",
        "9111000060003734F0",
        "9111000060003734RY",
        "91350100m000100y43",  # lower case is accepted
    ]

    def test_check_character(self):
        """The check character follows GB 32100 (hand-computed above)."""
        for code in self.VALID[:4]:
            with self.subTest(code=code):
                self.assertEqual(credit_code_check_character(code[:17]), code[17])

    def test_valid_codes_pass(self):
        """Codes with a correct check character are accepted."""
        for code in self.VALID:
            with self.subTest(code=code):
                CreditCodeValidator()(code)

    def test_invalid_codes_fail(self):
        """Wrong check character, length or alphabet is rejected."""
        table = [
            "91350100M000100Y44",  # wrong check character
            "91110000600037341M",  # wrong check character (letter)
            "91350100M000100Y4",  # 17 characters
            "91350100M000100Y430",  # 19 characters
            "91350100I000100Y43",  # I is not in the alphabet
            "91350100O000100Y43",  # O is not in the alphabet
            "9135010OM000100Y43",  # O instead of 0
            "91350100M000100Y4S",  # S is not in the alphabet
            "91350100M 00100Y43",  # space
            "",
        ]
        for code in table:
            with self.subTest(code=code), self.assertRaises(ValidationError) as caught:
                CreditCodeValidator()(code)
            self.assertEqual(caught.exception.code, "invalid_credit_code")


class PhoneValidatorTests(SimpleTestCase):
    def test_phone_numbers(self):
        """Digits with brackets, hyphens, spaces and separators pass; text fails."""
        table = [
            ("12345", True),
            ("0591-87654321", True),
            ("(0591)87654321", True),
            ("（0591）87654321", True),
            ("+86 591 8765 4321", True),
            ("12345、12389", True),
            ("12345，12389", True),
            ("0591-1234/0591-5678", True),
            ("", True),  # blank is allowed; required-ness is the field's business
            ("12345转1", False),
            ("tel:12345", False),
            ("12345#", False),
            ("电话12345", False),
            ("12345\n", False),
            ("12345\n12389", False),
        ]
        for value, valid in table:
            with self.subTest(value=value):
                if valid:
                    PhoneValidator()(value)
                else:
                    with self.assertRaises(ValidationError) as caught:
                        PhoneValidator()(value)
                    self.assertEqual(caught.exception.code, "invalid_phone")


class CodeValidatorTests(SimpleTestCase):
    def test_catalogue_codes(self):
        """基本编码 holds ASCII letters and digits only (leading zeros kept as text)."""
        table = [
            ("0700001000", True),
            ("000123", True),
            ("AB12cd", True),
            ("07-0001000", False),
            ("0700 001000", False),
            ("０７００００１０００", False),  # full-width digits
            ("0700001000\n", False),
            ("07.00", False),
        ]
        for value, valid in table:
            with self.subTest(value=value):
                if valid:
                    CatalogueCodeValidator()(value)
                else:
                    with self.assertRaises(ValidationError) as caught:
                        CatalogueCodeValidator()(value)
                    self.assertEqual(caught.exception.code, "invalid_catalogue_code")

    def test_implementation_codes(self):
        """实施编码 starts with a letter or digit and holds no spaces or slashes."""
        table = [
            ("HC-GA-001", True),
            ("11350100MB0000000A4000117001", True),
            ("a.b_c", True),
            ("-HC-GA-001", False),
            ("HC GA 001", False),
            ("HC/GA/001", False),
            ("HC-GA-001\n", False),
            ("海川-001", False),
        ]
        for value, valid in table:
            with self.subTest(value=value):
                if valid:
                    ImplementationCodeValidator()(value)
                else:
                    with self.assertRaises(ValidationError) as caught:
                        ImplementationCodeValidator()(value)
                    self.assertEqual(
                        caught.exception.code, "invalid_implementation_code"
                    )
