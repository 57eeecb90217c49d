"""Parsed items held as packed tuples between the parse and apply stages.

Every valid item of a workbook waits in memory from the row that parses it
until the transaction that writes it: materials may sit on a later sheet,
and nothing may be written before the whole book is checked.  As dicts
(45 keys, a dozen mostly empty lists, three material dicts) an item costs
about 3 KB, too much for a 100,000-item workbook to stay within its memory
budget (issue 3).  Packed, a record is one tuple whose first slot is its
key order (shared by every record of that shape), its texts are shared
with every equal text of the import, and its lists are tuples; it costs
about a third of that.  ``unpack`` gives back the exact dict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class _List(tuple):
    """A packed list (unpacks to a list; a plain tuple stays a tuple)."""

    __slots__ = ()


class Record(tuple):
    """A packed dict: ``(keys, *values)``."""

    __slots__ = ()

    def get(self, key: str, default=None):
        try:
            return self[self[0].index(key) + 1]
        except ValueError:
            return default


_EMPTY = _List()
_PACKED = frozenset({Record, _List})
_PLAIN = frozenset({int, bool, float, type(None)})


class Packer:
    """Packs dicts and lists, sharing key orders and equal values across records.

    A record's parts are shared (a material, a list of codes, a text that
    appears on many rows is held once); the record itself is not, since
    every item is unique.  Sharing relies on each key holding values of one
    type (``True`` equals ``1``), which the parsers guarantee.
    """

    def __init__(self):
        self._shapes: dict[tuple, tuple] = {}
        self._strings: dict[str, str] = {}
        # One table per type, so an equal value of another type is never returned.
        self._shared = {Record: {}, _List: {}, tuple: {}}

    def pack(self, value):
        """``value`` packed; a dict becomes a ``Record`` of its own."""
        if type(value) is dict:
            return self._record(value)
        return self._value(value)

    def pack_shared(self, value):
        """``value`` packed, and the same object as an equal value packed before."""
        return self._value(value)

    def _record(self, value: dict) -> Record:
        keys = tuple(value)
        keys = self._shapes.setdefault(keys, keys)
        # Texts and plain values inline: this runs for every cell of an import.
        strings, pack = self._strings, self._value
        return Record(
            (
                keys,
                *[
                    strings.setdefault(v, v)
                    if type(v) is str
                    else (v if type(v) in _PLAIN else pack(v))
                    for v in value.values()
                ],
            )
        )

    def _value(self, value):
        kind = type(value)
        if kind is str:
            return self._strings.setdefault(value, value)
        if kind is dict:
            return self._share(Record, self._record(value))
        if kind is list:
            return (
                self._share(_List, _List(map(self._value, value))) if value else _EMPTY
            )
        if kind is tuple:
            return self._share(tuple, tuple(map(self._value, value)))
        return value

    def _share(self, kind, value):
        try:
            return self._shared[kind].setdefault(value, value)
        except TypeError:  # holds something unhashable
            return value

    def replace(self, record: Record, key: str, value) -> Record:
        """``record`` with ``key`` set to ``value`` (packed)."""
        keys = record[0]
        if key not in keys:
            keys = self._shapes.setdefault((*keys, key), (*keys, key))
            return Record((keys, *record[1:], self._value(value)))
        slot = keys.index(key) + 1
        return Record((*record[:slot], self._value(value), *record[slot + 1 :]))


def unpack(value):
    kind = type(value)
    if kind is Record:
        return dict(
            zip(
                value[0],
                [v if type(v) not in _PACKED else unpack(v) for v in value[1:]],
                strict=True,
            )
        )
    if kind is _List:
        return [v if type(v) not in _PACKED else unpack(v) for v in value]
    return value


class PackedList(Sequence):
    """A read-only list whose elements are built from packed entries on access."""

    def __init__(self, entries: Iterable = ()):
        self.entries = list(entries)

    def build(self, entry):
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.build(entry) for entry in self.entries[index]]
        return self.build(self.entries[index])

    def __eq__(self, other) -> bool:
        if isinstance(other, PackedList | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)}>"


class PackedItems(PackedList):
    """A list of item dicts, stored packed; indexing and iterating unpack."""

    def __init__(self, records: Iterable[Record] = (), packer: Packer | None = None):
        super().__init__(records)
        self.packer = packer or Packer()

    def build(self, entry: Record) -> dict:
        return unpack(entry)

    def assign(self, key: str, value) -> None:
        """Set ``key`` to ``value`` in every item."""
        self.entries = [self.packer.replace(r, key, value) for r in self.entries]
