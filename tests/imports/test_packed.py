"""Parsed items are held packed (imports.packed) and unpack to the same dicts."""

from __future__ import annotations

import copy

from django.test import SimpleTestCase

from imports.packed import PackedItems, Packer, unpack

MATERIAL = {"name": "居民身份证", "required": True, "copies": 1, "note": ""}


def item(code: str, **extra) -> dict:
    return {
        "implementation_code": code,
        "name": "事项",
        "visits": 0,
        "is_online": True,
        "aliases": [],
        "audience": ["1"],
        "topics": [("natural_person", "001")],
        "materials": [dict(MATERIAL), {**MATERIAL, "copies": 2}],
        "fees": [],
        **extra,
    }


class PackerTests(SimpleTestCase):
    def test_round_trip_keeps_values_and_types(self):
        original = item("A-1", status=None, legal_limit_value=20)
        packed = Packer().pack(copy.deepcopy(original))
        restored = unpack(packed)
        self.assertEqual(restored, original)
        self.assertIs(type(restored["aliases"]), list)
        self.assertIs(type(restored["topics"][0]), tuple)
        self.assertIs(type(restored["materials"][0]), dict)
        self.assertEqual(list(restored), list(original))  # key order kept

    def test_equal_parts_are_held_once_but_records_are_not(self):
        packer = Packer()
        first, second = packer.pack(item("A-1")), packer.pack(item("A-2"))
        materials = first[0].index("materials") + 1
        self.assertIs(first[materials], second[materials])
        self.assertIs(first[0], second[0])  # the key order
        self.assertIsNot(first, second)
        self.assertIs(packer.pack_shared(dict(MATERIAL)), packer.pack_shared(MATERIAL))

    def test_a_list_and_an_equal_tuple_keep_their_types(self):
        packer = Packer()
        packed = packer.pack({"a": ["x", "y"], "b": ("x", "y")})
        self.assertEqual(unpack(packed), {"a": ["x", "y"], "b": ("x", "y")})

    def test_replace_sets_or_adds_a_key(self):
        packer = Packer()
        record = packer.pack(item("A-1"))
        self.assertEqual(unpack(packer.replace(record, "name", "新名"))["name"], "新名")
        added = unpack(packer.replace(record, "region_code", "990100"))
        self.assertEqual(added, {**item("A-1"), "region_code": "990100"})
        self.assertEqual(record.get("implementation_code"), "A-1")
        self.assertIsNone(record.get("missing"))


class PackedItemsTests(SimpleTestCase):
    def test_behaves_as_a_list_of_dicts(self):
        packer = Packer()
        items = PackedItems([packer.pack(item(f"A-{n}")) for n in range(3)], packer)
        self.assertEqual(len(items), 3)
        self.assertEqual(items[1], item("A-1"))
        self.assertEqual(items[1:], [item("A-1"), item("A-2")])
        self.assertEqual(items, [item(f"A-{n}") for n in range(3)])
        self.assertNotEqual(items, [])
        self.assertEqual(PackedItems(), [])

    def test_unpacked_dicts_are_copies(self):
        packer = Packer()
        items = PackedItems([packer.pack(item("A-1"))], packer)
        items[0]["materials"].append({"name": "x"})
        items[0]["name"] = "changed"
        self.assertEqual(items[0], item("A-1"))

    def test_assign_sets_a_key_in_every_item(self):
        packer = Packer()
        items = PackedItems([packer.pack(item(f"A-{n}")) for n in range(2)], packer)
        items.assign("region_code", "990100")
        self.assertEqual({i["region_code"] for i in items}, {"990100"})
