"""Helpers for the generic attack tests: every page route from the URL configuration, the forms
found in their HTML, and a checksum of every table.

New routes and forms are picked up without editing anything here; a route whose ids have a
factory in tests/test_permissions.py SAMPLE_OBJECTS is visited with a real object of alice's space.
"""

from __future__ import annotations

import hashlib
import html.parser
from dataclasses import dataclass, field

from django.db import connection
from django.urls import get_resolver

from tests.test_permissions import NOT_OBJECT_IDS, PARAM, SAMPLE_OBJECTS, _walk

# Tables that change on any request by design: the session store and the login-attempt log.
VOLATILE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "accounts_devicesession",
}
# Forms the walkers never post: they end the walker's own session on purpose.
SESSION_ENDERS = {"/logout/", "/quick-exit/"}


def table_checksums() -> dict[str, str]:
    """A hash of every row of every table (what a partial write would change)."""
    sums = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in VOLATILE_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in r))
                for r in cursor.fetchall()
            )
            sums[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return sums


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def page_routes(pair) -> list[str]:
    """Every page URL (not the API) a member can visit: routes without ids, and routes whose ids
    all have a sample factory, filled with real objects of alice's space (one call each)."""
    values: dict[str, str] = {}
    urls = []
    for route, _ in _walk(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue
        names = [m.group("name") for m in PARAM.finditer(route)]
        if set(names) & NOT_OBJECT_IDS or any(n not in SAMPLE_OBJECTS for n in names):
            continue
        for name in names:
            if name not in values:
                values[name] = SAMPLE_OBJECTS[name](pair)
        urls.append("/" + PARAM.sub(lambda m: values[m.group("name")], route))
    return sorted(set(urls))


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, password, number, …
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def defaults(self) -> dict[str, str]:
        """What a person submitting the form unchanged would send."""
        data = {}
        for item in self.fields.values():
            if item.kind in {"checkbox", "radio"}:
                if item.value:
                    data[item.name] = item.value
            elif item.kind == "select":
                data[item.name] = item.value or (item.options[0] if item.options else "")
            else:
                data[item.name] = item.value
        return data

    @property
    def signature(self) -> tuple:
        return (self.action, tuple(sorted(self.fields)))


class _FormParser(html.parser.HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(self.page, a.get("action") or self.page)
            return
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            checked = "checked" in a
            if kind in {"checkbox", "radio"}:
                existing = form.fields.get(name)
                if existing is None:
                    existing = form.fields[name] = Field(name, kind)
                existing.options.append(a.get("value", "on"))
                if checked:
                    existing.value = a.get("value", "on")
            else:
                form.fields[name] = Field(name, kind, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = form.fields[name] = Field(name, "textarea")
        elif tag == "select" and name:
            self._select = form.fields[name] = Field(name, "select")
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value
        elif tag == "button" and name:
            form.fields.setdefault(name, Field(name, "hidden", a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one newline right after <textarea>; browsers send the rest.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_in(page: str, body: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(body)
    return [f for f in parser.forms if f.action.split("?")[0] not in SESSION_ENDERS]
