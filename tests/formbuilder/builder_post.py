"""The builder's edit form as a browser posts it, from a builder document
(Wagtail's StreamField/ListBlock form-data layout), for admin tests."""

from django.http import QueryDict

from formbuilder.blocks import stream_from_document


def _stream(prefix, children, out):
    out[f"{prefix}-count"] = str(len(children))
    for index, child in enumerate(children):
        name = f"{prefix}-{index}"
        out[f"{name}-type"] = child["type"]
        out[f"{name}-deleted"] = ""
        out[f"{name}-order"] = str(index)
        _struct(f"{name}-value", child["value"], out)


def _struct(prefix, value, out):
    for key, item in value.items():
        name = f"{prefix}-{key}"
        if key == "fields":
            _stream(name, item, out)
        elif key == "choices":
            out[f"{name}-count"] = str(len(item))
            for index, choice in enumerate(item):
                out[f"{name}-{index}-deleted"] = ""
                out[f"{name}-{index}-order"] = str(index)
                for part in ("value", "label"):
                    out[f"{name}-{index}-value-{part}"] = choice.get(part, "")
        elif isinstance(item, bool):
            if item:
                out[name] = "on"
        elif isinstance(item, list):
            out[name] = list(item)
        else:
            out[name] = "" if item is None else str(item)


def builder_post(document, action="action-publish", **fields) -> QueryDict:
    """POST data of the builder editor holding ``document``, with ``action``."""
    out = {
        "title": fields.pop("title", document.get("title", "")),
        "accepting": "on" if fields.pop("accepting", True) else "",
        **fields,
    }
    _stream("body", stream_from_document(document), out)
    if action:
        out[action] = action
    data = QueryDict(mutable=True)
    for key, item in out.items():
        if isinstance(item, list):
            data.setlist(key, item)
        elif item != "":
            data[key] = item
        else:
            data[key] = ""
    return data
