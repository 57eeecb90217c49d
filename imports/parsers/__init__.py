"""Stage 3: typed values from cell text.

Each parser takes the text of one cell (see ``reader.cell_text``) and
returns a value in the shape of ``catalogue.exchange``, or raises
``CellError`` with a reason code.  Parsers are pure and know nothing about
sheets or rows, so every spelling a region uses is one table-test line.

The parsers live in ``words`` (word lists and patterns), ``text``,
``choices`` and ``numbers``; this package is their one public face.
"""

from .choices import (
    depth_of_stages,
    parse_bool,
    parse_choice,
    parse_choices,
    parse_depth,
    parse_material_form,
    parse_required,
    parse_stages,
    parse_topics,
)
from .numbers import parse_count, parse_time_limit
from .text import (
    parse_catalogue_code,
    parse_fees,
    parse_implementation_code,
    parse_list,
    parse_name,
    parse_phone,
    parse_region_code,
    parse_text,
    parse_url,
    split_names,
)
from .words import MAX_COUNT

__all__ = [
    "MAX_COUNT",
    "depth_of_stages",
    "parse_bool",
    "parse_catalogue_code",
    "parse_choice",
    "parse_choices",
    "parse_count",
    "parse_depth",
    "parse_fees",
    "parse_implementation_code",
    "parse_list",
    "parse_material_form",
    "parse_name",
    "parse_phone",
    "parse_region_code",
    "parse_required",
    "parse_stages",
    "parse_text",
    "parse_time_limit",
    "parse_topics",
    "parse_url",
    "split_names",
]
