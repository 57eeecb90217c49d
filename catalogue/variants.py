"""The 情形 (variant) of an item, read from its name when the editor left it blank.

Names follow "动作+对象（情形）" (domain conventions): 居民身份证补领（遗失补领）,
机动车驾驶证期满换证, 个体工商户注销登记.  The words below are the national
业务办理项 situations (新设/变更/延续/注销) and the certificate life-cycle
verbs (补领/补发/换领/换证) that portals use; anything else is the basic case.
The order matters: 补换 (挂失与补换) is a replacement, 变更更正 a change.
"""

from __future__ import annotations

import re

from .constants import ItemVariant

NAME_PATTERNS = (
    (ItemVariant.CANCELLATION, re.compile(r"注销|撤销登记|销户")),
    (ItemVariant.REPLACEMENT, re.compile(r"补领|补发|补办|补换|遗失|挂失|损坏")),
    (ItemVariant.RENEWAL, re.compile(r"换领|换证|换发|期满|到期|再次签注|续签")),
    (ItemVariant.EXTENSION, re.compile(r"延续|延期|续期")),
    (ItemVariant.CHANGE, re.compile(r"变更|更正|更名")),
)
# A name that says 首次 or 新办 is the basic case even if it mentions another
# verb elsewhere (不动产抵押权首次登记).
BASIC_MARKERS = re.compile(r"首次|新办|初次|设立")


def variant_from_name(name: str) -> str:
    """The variant a name states; ``ItemVariant.NEW`` when it states none."""
    name = name or ""
    if BASIC_MARKERS.search(name):
        return ItemVariant.NEW.value
    for variant, pattern in NAME_PATTERNS:
        if pattern.search(name):
            return variant.value
    return ItemVariant.NEW.value


def effective_variant(stored: str, name: str) -> str:
    """The editor's choice, or the one the name states."""
    return stored or variant_from_name(name)
