"""Print, as one JSON line, what the catalogue holds and what search finds.

``searchable`` counts public items found by searching their own name (every
result page read), so it proves the index answers, not only that rows exist.
"""

import json
from collections import Counter

import django

django.setup()

from django_tasks_db.models import DBTaskResult  # noqa: E402

from catalogue.models import ServiceItem  # noqa: E402
from search import services  # noqa: E402
from search.models import IndexEntry  # noqa: E402
from search.query import MAX_PER_PAGE, SearchRequest  # noqa: E402


def found_codes(name: str) -> set[str]:
    codes, page = set(), 1
    while True:
        results = services.search(
            SearchRequest(q=name, kinds=("item",), page=page, per_page=MAX_PER_PAGE)
        )
        codes |= {hit.code for hit in results.hits}
        if not results.hits or page * MAX_PER_PAGE >= results.count:
            return codes
        page += 1


items = dict(ServiceItem.objects.public().values_list("implementation_code", "name"))
found = set()
for name in set(items.values()):
    found |= found_codes(name)
tasks = Counter(
    f"{path.rsplit('.', 1)[-1]}:{status}"
    for path, status in DBTaskResult.objects.values_list("task_path", "status")
)
print(
    json.dumps(
        {
            "items": len(items),
            "indexed": IndexEntry.objects.filter(kind="item").count(),
            "searchable": len(found & set(items)),
            "tasks": dict(tasks),
        }
    )
)
