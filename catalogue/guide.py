"""What the citizen guide (办事指南) shows for one item, in reading order."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import (
    Channel,
    HallStatus,
    MaterialSource,
    OnlineDepth,
    TimeUnit,
    WaiveVia,
)


@dataclass(frozen=True)
class Badge:
    label: str
    kind: str


_LIMIT_FORMATS = {
    # Translators: a time limit, e.g. "20个工作日"
    TimeUnit.WORKING_DAY: gettext_lazy("%(value)s working days"),
    # Translators: a time limit, e.g. "60个自然日"
    TimeUnit.NATURAL_DAY: gettext_lazy("%(value)s calendar days"),
    # Translators: a time limit, e.g. "3个月"
    TimeUnit.MONTH: gettext_lazy("%(value)s months"),
}


def format_time_limit(value, unit, note=""):
    """A time limit as a guide writes it: 即办, 20个工作日, 3个月, 无法定时限."""
    if value is None:
        text = _("No statutory limit")
    elif value == 0:
        text = _("Immediate")
    else:
        text = str(
            _LIMIT_FORMATS[TimeUnit(unit or TimeUnit.WORKING_DAY)] % {"value": value}
        )
    return f"{text}（{note}）" if note else text


def summary_badges(item):
    badges = []
    if item.online_depth == OnlineDepth.LEVEL_4 or item.visits == 0:
        badges.append(Badge(_("No visit needed"), "zero-visit"))
    elif item.visits == 1:
        badges.append(Badge(_("At most one visit"), "one-visit"))
    if item.online_depth == OnlineDepth.LEVEL_4:
        badges.append(Badge(_("Fully online"), "full-online"))
    if item.is_immediate:
        badges.append(Badge(_("Immediate"), "immediate"))
    if Channel.APPOINTMENT in item.channels:
        badges.append(Badge(_("Appointments"), "appointment"))
    if item.supports_express:
        badges.append(Badge(_("Delivery by post"), "express"))
    return badges


@dataclass(frozen=True)
class MaterialStatus:
    """How a material is handled, said the same on the guide, form and review."""

    kind: str  # "waived", "commitment", "rongque" or "" (submit it)
    label: str


def material_status(material) -> MaterialStatus:
    """免提交 (电子证照 / 数据共享 / 部门核验 / 告知承诺) or 容缺, with one label."""
    if material.waivable:
        via = material.waive_via
        label = (
            _("No need to submit (%(via)s)") % {"via": WaiveVia(via).label}
            if via in WaiveVia.values
            else _("No need to submit")
        )
        kind = "commitment" if via == WaiveVia.COMMITMENT else "waived"
        return MaterialStatus(kind, label)
    if material.rongque_allowed:
        return MaterialStatus(
            "rongque", _("容缺受理: may be provided after acceptance")
        )
    return MaterialStatus("", "")


@dataclass(frozen=True)
class MaterialRow:
    number: int
    material: object
    requirement: str
    form_and_copies: str
    waived_label: str
    rongque: bool
    source: str
    status: MaterialStatus


def material_rows(materials):
    rows = []
    for number, material in enumerate(materials, start=1):
        status = material_status(material)
        waived = status.label if material.waivable else ""
        rows.append(
            MaterialRow(
                number=number,
                material=material,
                requirement=_("Required") if material.required else _("Optional"),
                form_and_copies=_("%(form)s × %(copies)s")
                % {"form": material.get_form_display(), "copies": material.copies},
                waived_label=waived,
                rongque=status.kind == "rongque",
                source=material.get_source_display()
                if material.source != MaterialSource.APPLICANT
                else "",
                status=status,
            )
        )
    return rows


def hall_rows(item, today=None):
    """The item's halls with the status in force today, paused halls first."""
    order = {HallStatus.PAUSED: 0, HallStatus.LIMITED: 1, HallStatus.OPEN: 2}
    rows = [(hall, hall.current_status(today)) for hall in item.halls.all()]
    rows.sort(key=lambda row: order[row[1]])
    return [HallRow(hall=hall, status=status) for hall, status in rows]


@dataclass(frozen=True)
class HallRow:
    hall: object
    status: str

    @property
    def status_label(self):
        return HallStatus(self.status).label

    @property
    def is_paused(self):
        return self.status == HallStatus.PAUSED


def guide_context(item, request=None):
    from .related import related_content

    materials = list(item.materials.all())
    waived = sum(1 for m in materials if m.waivable)
    return {
        "item": item,
        "badges": summary_badges(item),
        "material_rows": material_rows(materials),
        "material_count": len(materials),
        "waived_count": waived,
        "to_submit_count": len(materials) - waived,
        "legal_limit": format_time_limit(
            item.legal_limit_value, item.legal_limit_unit, item.legal_limit_note
        ),
        "promised_limit": format_time_limit(
            item.promised_limit_value,
            item.promised_limit_unit,
            item.promised_limit_note,
        ),
        "fees": list(item.fees.all()),
        "steps": list(item.steps.all()),
        "faqs": list(item.faqs.all()),
        "channel_labels": channel_labels(item),
        "audience_labels": item._meta.get_field("audience").labels(item.audience),
        "topics": list(item.topics.all()),
        "halls": hall_rows(item),
        "related_links": related_content.links_for(item, request),
        "page_title": item.name,
        "canonical_url": _absolute(request, item.get_url(request)),
    }


def channel_labels(item):
    return [Channel(code).label for code in item.channels if code in Channel.values]


def _absolute(request, url):
    if request is None or not url:
        return url
    return request.build_absolute_uri(url)
