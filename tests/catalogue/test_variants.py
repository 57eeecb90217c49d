"""An item's 情形 (variant): chosen by the editor, or read from its name."""

from django.test import SimpleTestCase, TestCase
from hypothesis import given
from hypothesis import strategies as st

from catalogue.constants import ItemVariant
from catalogue.exchange import item_to_data
from catalogue.indexing import ServiceItemSource
from catalogue.variants import effective_variant, variant_from_name
from tests.catalogue.factories import ServiceItemFactory

# Objects and case words as names are written ("动作+对象（情形）").
OBJECTS = st.sampled_from(
    [
        "居民身份证",
        "机动车驾驶证",
        "残疾人证",
        "营业执照",
        "社会保障卡",
        "护照",
        "渔船证书",
    ]
)
CASES = {
    ItemVariant.REPLACEMENT: ["补领", "补发", "遗失补办", "挂失与补换"],
    ItemVariant.RENEWAL: ["换领", "期满换证", "有效期满换领"],
    ItemVariant.CHANGE: ["变更登记", "信息变更"],
    ItemVariant.CANCELLATION: ["注销登记", "注销"],
    ItemVariant.EXTENSION: ["延续", "延续注册"],
}


@st.composite
def names_with_case(draw):
    variant = draw(st.sampled_from(list(CASES)))
    word = draw(st.sampled_from(CASES[variant]))
    thing = draw(OBJECTS)
    name = draw(st.sampled_from([f"{thing}{word}", f"{thing}办理（{word}）"]))
    return name, variant


class VariantFromNameTests(SimpleTestCase):
    @given(names_with_case())
    def test_the_case_the_name_states(self, case):
        name, variant = case
        self.assertEqual(variant_from_name(name), variant.value)

    @given(OBJECTS, st.sampled_from(["申领", "核发", "签发", "办理", "登记", ""]))
    def test_a_name_without_a_case_is_the_basic_one(self, thing, verb):
        self.assertEqual(variant_from_name(thing + verb), ItemVariant.NEW)

    def test_first_time_wins_over_other_words(self):
        self.assertEqual(variant_from_name("不动产抵押权首次登记"), ItemVariant.NEW)
        self.assertEqual(
            variant_from_name("居民身份证申领（首次申领）"), ItemVariant.NEW
        )

    def test_benefits_are_not_replacements(self):
        # 补贴 / 补助 contain 补 but are no 补领.
        self.assertEqual(variant_from_name("高龄补贴申领"), ItemVariant.NEW)
        self.assertEqual(variant_from_name("丧葬补助金申领"), ItemVariant.NEW)

    def test_editor_choice_wins(self):
        self.assertEqual(
            effective_variant(ItemVariant.CHANGE, "居民身份证补领"), ItemVariant.CHANGE
        )
        self.assertEqual(effective_variant("", "居民身份证补领"), "replacement")


class ItemVariantTests(TestCase):
    def test_document_carries_the_effective_variant(self):
        derived = ServiceItemFactory(name="机动车驾驶证补领")
        chosen = ServiceItemFactory(name="驾驶证业务", variant=ItemVariant.RENEWAL)
        documents = {
            d.code: d
            for d in ServiceItemSource().documents_for_keys(
                [derived.implementation_code, chosen.implementation_code]
            )
        }
        self.assertEqual(documents[derived.implementation_code].variant, "replacement")
        self.assertEqual(documents[chosen.implementation_code].variant, "renewal")

    def test_variant_is_exchanged(self):
        item = ServiceItemFactory(name="驾驶证业务", variant=ItemVariant.RENEWAL)
        self.assertEqual(item_to_data(item)["variant"], "renewal")
        self.assertEqual(item_to_data(ServiceItemFactory())["variant"], "")
