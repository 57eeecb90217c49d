"""Table tests for every cell parser (imports.parsers)."""

from __future__ import annotations

from django.test import SimpleTestCase

from imports import parsers as p
from imports.issues import CellError


class _ParserTable(SimpleTestCase):
    def check_table(self, parse, table):
        for text, expected in table:
            with self.subTest(text=text):
                self.assertEqual(parse(text), expected)

    def check_errors(self, parse, table):
        for text, code in table:
            with self.subTest(text=text), self.assertRaises(CellError) as caught:
                parse(text)
            self.assertEqual(caught.exception.code, code)


class BooleanParserTests(_ParserTable):
    def test_spellings(self):
        yes = ["是", "Y", "y", "1", "√", "有", "TRUE", " 是\u00a0"]
        no = ["否", "N", "0", "", "无", "FALSE", "×"]
        self.check_table(
            p.parse_bool, [(t, True) for t in yes] + [(t, False) for t in no]
        )

    def test_other_text_is_an_invalid_choice(self):
        self.check_errors(
            p.parse_bool, [("可能", "invalid_choice"), ("2", "invalid_choice")]
        )

    def test_material_required(self):
        self.check_table(
            p.parse_required,
            [
                ("必要", True),
                ("非必要", False),
                ("Y", True),
                ("否", False),
                ("1", True),
                ("", True),
            ],
        )


class DepthParserTests(_ParserTable):
    def test_levels(self):
        self.check_table(
            p.parse_depth,
            [
                ("Ⅲ级", "3"),
                ("三级", "3"),
                ("网上受理（Ⅲ级）", "3"),
                ("全程网办（Ⅳ级）", "4"),
                ("网上咨询(Ⅰ级)", "1"),
                ("3", "3"),
                ("4", "4"),
                ("Ⅱ级", "2"),
                ("IV级", "4"),
                ("", ""),
            ],
        )

    def test_unknown_levels(self):
        self.check_errors(
            p.parse_depth,
            [
                ("五级", "invalid_choice"),
                ("5", "invalid_choice"),
                ("1^9", "invalid_choice"),
            ],
        )


class TimeLimitParserTests(_ParserTable):
    def test_values_and_units(self):
        self.check_table(
            p.parse_time_limit,
            [
                ("20个工作日", (20, "working_day")),
                ("20工作日", (20, "working_day")),
                ("20", (20, "working_day")),
                ("60个自然日", (60, "natural_day")),
                ("15自然日", (15, "natural_day")),
                ("3个月", (3, "month")),
                ("即办", (0, "working_day")),
                ("当场办结", (0, "working_day")),
                ("无法定时限", (None, "")),
                ("无", (None, "")),
                ("法律法规未规定", (None, "")),
                ("", (None, "")),
                ("２０个工作日", (20, "working_day")),
            ],
        )

    def test_not_a_number(self):
        self.check_errors(
            p.parse_time_limit,
            [
                ("二十天左右", "invalid_number"),
                ("-5", "invalid_number"),
                ("20光年", "invalid_number"),
                ("20小时", "invalid_number"),
                ("2.5个工作日", "invalid_number"),
            ],
        )


class CountParserTests(_ParserTable):
    def test_counts(self):
        self.check_table(
            p.parse_count,
            [("1", 1), ("1份", 1), ("0次", 0), ("3", 3), ("", None), (" 2 ", 2)],
        )

    def test_bad_counts(self):
        self.check_errors(
            p.parse_count,
            [
                ("-1", "invalid_number"),
                ("一份半", "invalid_number"),
                ("若干", "invalid_number"),
                ("1.5", "invalid_number"),
            ],
        )

    def test_maximum(self):
        with self.assertRaises(CellError):
            p.parse_count("10", 9)


class ListParserTests(_ParserTable):
    def test_separators(self):
        expected = ["自然人", "企业法人"]
        for text in [
            "自然人、企业法人",
            "自然人/企业法人",
            "自然人；企业法人",
            "自然人;企业法人",
            "自然人，企业法人",
            "自然人,企业法人",
            "自然人\n企业法人",
            " 自然人 、、企业法人 ",
        ]:
            with self.subTest(text=text):
                self.assertEqual(p.parse_list(text), expected)

    def test_choices_in_order_without_repeats(self):
        self.check_table(
            lambda t: p.parse_choices(t, "channels"),
            [
                ("网上办、邮递办", ["web", "express_in", "express_out"]),
                ("窗口办/网上办/网上办", ["window", "web"]),
                ("帮办代办", ["agent"]),
            ],
        )
        self.check_table(
            lambda t: p.parse_choices(t, "audience"),
            [("企业法人\n其他组织\n自然人", ["2", "6", "1"])],
        )
        self.check_errors(
            lambda t: p.parse_choices(t, "audience"), [("外星人", "invalid_choice")]
        )


class ChoiceParserTests(_ParserTable):
    def test_code_lists(self):
        cases = [
            ("item_type", "行政许可", "01"),
            ("item_type", "公共服务", "20"),
            ("item_type", "其他行政权力", "10"),
            ("exercise_level", "市级", "3"),
            ("handling_type", "即办件", "1"),
            ("tongban_scope", "跨省通办", "cross_province"),
            ("result_type", "出证办结", "certificate"),
            ("material_source", "政府部门核发", "20"),
            ("waive_via", "数据共享", "data_sharing"),
            ("item_type", "", ""),
        ]
        for table, label, code in cases:
            with self.subTest(table=table, label=label):
                self.assertEqual(p.parse_choice(label, table), code)

    def test_topics_keep_names_with_separators(self):
        self.check_table(
            lambda t: p.parse_topics(t, "natural_person"),
            [
                ("社会保障（社会保险、社会救助）", [("natural_person", "085")]),
                ("社会保障(社会保险、社会救助)", [("natural_person", "085")]),
                (
                    "证件办理、户籍办理",
                    [("natural_person", "090"), ("natural_person", "010")],
                ),
                (
                    "户籍办理、社会保障（社会保险、社会救助）；婚姻登记",
                    [
                        ("natural_person", "010"),
                        ("natural_person", "085"),
                        ("natural_person", "060"),
                    ],
                ),
                ("", []),
            ],
        )

    def test_split_names_keeps_known_names_whole(self):
        known = {"甲、乙", "丙/丁/戊"}.__contains__
        self.assertEqual(
            p.split_names("甲、乙、丙/丁/戊", known), ["甲、乙", "丙/丁/戊"]
        )
        self.assertEqual(p.split_names("乙、甲、乙；己", known), ["乙", "甲、乙", "己"])
        self.assertEqual(p.split_names(" 甲 ,, 乙 ", known), ["甲", "乙"])
        self.assertEqual(p.split_names("", known), [])

    def test_material_form(self):
        self.check_table(
            p.parse_material_form,
            [("原件", ("1", "1")), ("复印件", ("2", "1")), ("电子", ("1", "2"))],
        )


class FeeParserTests(_ParserTable):
    def test_items(self):
        self.check_table(
            p.parse_fees,
            [
                ("不收费", []),
                ("无", []),
                ("免费", []),
                ("", []),
                (
                    "工本费：20元/证",
                    [{"name": "工本费", "standard": "20元/证", "basis": ""}],
                ),
                (
                    "登记费：住宅80元/件（非住宅：550元/件）；证书工本费：10元\n签注费：15元",
                    [
                        {
                            "name": "登记费",
                            "standard": "住宅80元/件（非住宅：550元/件）",
                            "basis": "",
                        },
                        {"name": "证书工本费", "standard": "10元", "basis": ""},
                        {"name": "签注费", "standard": "15元", "basis": ""},
                    ],
                ),
            ],
        )

    def test_item_without_standard(self):
        self.check_errors(
            p.parse_fees, [("工本费", "invalid_format"), ("工本费：", "invalid_format")]
        )


class CodeParserTests(_ParserTable):
    def test_catalogue_codes_are_padded(self):
        self.check_table(
            p.parse_catalogue_code,
            [
                ("700157000", "0700157000"),
                ("0700157000", "0700157000"),
                ("2000040000", "2000040000"),
                ("ABC123", "ABC123"),
                ("", ""),
            ],
        )

    def test_region_codes(self):
        self.check_table(p.parse_region_code, [("990100", "990100"), ("", "")])
        self.check_errors(
            p.parse_region_code, [("ABC", "invalid_choice"), ("9901", "invalid_choice")]
        )

    def test_implementation_codes(self):
        self.check_table(
            p.parse_implementation_code,
            [("HC-GA-001", "HC-GA-001"), ("HC-SW-002\u00a0", "HC-SW-002")],
        )
        self.check_errors(
            p.parse_implementation_code,
            [("HC GA", "invalid_format"), ("/x", "invalid_format")],
        )

    def test_phones(self):
        self.check_table(
            p.parse_phone,
            [("12345", "12345"), ("0571-12345678", "0571-12345678"), ("", "")],
        )
        self.check_errors(
            p.parse_phone,
            [("12345-ABC", "invalid_number"), ("电话12345", "invalid_number")],
        )


class TextParserTests(_ParserTable):
    def test_names_are_trimmed_and_bracketed_canonically(self):
        self.check_table(
            lambda t: p.parse_name(t, 200),
            [
                (
                    "职工基本养老保险待遇申领(退休申请)",
                    "职工基本养老保险待遇申领（退休申请）",
                ),
                ("\u3000诊所备案", "诊所备案"),
                ("临时居民身份证申领\u00a0", "临时居民身份证申领"),
                ("劳动能力鉴定申请 \u00a0", "劳动能力鉴定申请"),
            ],
        )

    def test_free_text_keeps_half_width_brackets(self):
        self.assertEqual(p.parse_text(" 9:00-17:00 (周一) "), "9:00-17:00 (周一)")

    def test_formula_like_text(self):
        self.check_errors(
            p.parse_text,
            [
                ('=HYPERLINK("http://x")', "formula_injection"),
                ("+1+2", "formula_injection"),
                ("@SUM(A1)", "formula_injection"),
                ("-A1", "formula_injection"),
            ],
        )
        self.check_table(p.parse_text, [("-", "-"), ("-5", "-5"), ("a=b", "a=b")])

    def test_too_long(self):
        self.check_errors(lambda t: p.parse_name(t, 200), [("名" * 201, "too_long")])
        self.assertEqual(p.parse_name("名" * 200, 200), "名" * 200)


class UrlParserTests(_ParserTable):
    def test_only_web_addresses(self):
        self.check_errors(
            p.parse_url,
            [
                ("javascript:alert(1)", "invalid_format"),
                ("JavaScript:alert(1)", "invalid_format"),
                (" javascript:alert(1)", "invalid_format"),
                ("data:text/html,<script>alert(1)</script>", "invalid_format"),
                ("vbscript:msgbox(1)", "invalid_format"),
                ("ftp://example.gov.cn/a", "invalid_format"),
                ("//example.gov.cn", "invalid_format"),
                ("example.gov.cn", "invalid_format"),
                ("https://" + "a" * 200 + ".cn", "too_long"),
            ],
        )
