"""Publish a small application form; print its slug and valid answers as JSON.

Usage: make_form.py [SLUG]
"""

import json
import sys

import django

django.setup()

from formbuilder import services  # noqa: E402
from formbuilder.models import FormDefinition  # noqa: E402

slug = sys.argv[1] if len(sys.argv) > 1 else "contact-request"
definition = FormDefinition(slug=slug, title="联系申请")
definition.set_document(
    {
        "title": "联系申请",
        "steps": [
            {
                "key": "s_who",
                "title": "申请人",
                "fields": [
                    {
                        "key": "f_name",
                        "type": "short_text",
                        "label": "姓名",
                        "required": True,
                    },
                    {
                        "key": "f_phone",
                        "type": "mobile",
                        "label": "手机号码",
                        "required": True,
                    },
                ],
            }
        ],
    }
)
definition.full_clean()
definition.save()
services.publish(definition)
print(
    json.dumps({"slug": slug, "answers": {"f_name": "张三", "f_phone": "13900001234"}})
)
