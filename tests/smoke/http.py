"""A small browser-like HTTP client for the production smoke test.

Keeps cookies itself (production marks them Secure, and the smoke test
talks plain HTTP to 127.0.0.1), follows redirects by hand so it sees every
cookie, and submits HTML forms with the values a browser would send.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    url: str
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def set(self, name: str, value: str) -> None:
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, value)]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select = self._textarea = None
        self._options: list = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        form = self.forms[-1] if self.forms else None
        if tag == "form":
            self.forms.append(
                Form(
                    a.get("action", ""),
                    a.get("method", "get").lower(),
                    a.get("enctype", ""),
                )
            )
        elif form is None or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "button"):
                form.buttons.append((a["name"], a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
            elif kind != "file":
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name"):
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        form = self.forms[-1] if self.forms else None
        if tag == "select" and self._select is not None and form is not None:
            chosen = [v for v, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            form.fields += [(self._select, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and form is not None:
            form.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


class Client:
    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method, path, data=None, headers=None, follow=True) -> Response:
        url = urllib.parse.urljoin(self.base, path)
        for _hop in range(10):
            response = self._once(method, url, data, headers or {})
            if not (follow and response.status in (301, 302, 303, 307, 308)):
                return response
            url = urllib.parse.urljoin(url, response.headers["location"])
            if response.status in (301, 302, 303):
                method, data = "GET", None
        raise AssertionError(f"too many redirects from {path}")

    def get(self, path, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post_json(self, path, payload, headers=None) -> Response:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
        return self.request("POST", path, body, headers)

    def submit(self, page: Response, form: Form, button=None, files=None) -> Response:
        fields = list(form.fields) + ([button] if button else [])
        if "csrftoken" in self.cookies and not any(
            n == "csrfmiddlewaretoken" for n, _v in fields
        ):
            fields.append(("csrfmiddlewaretoken", self.cookies["csrftoken"]))
        action = urllib.parse.urljoin(page.url, form.action or page.url)
        if form.method != "post":
            query = urllib.parse.urlencode(fields)
            return self.get(action.split("?")[0] + "?" + query)
        if files or "multipart" in form.enctype:
            body, kind = _multipart(fields, files or {})
        else:
            body, kind = (
                urllib.parse.urlencode(fields).encode(),
                "application/x-www-form-urlencoded",
            )
        return self.request(
            "POST", action, body, {"Content-Type": kind, "Referer": page.url}
        )

    def _once(self, method, url, data, headers) -> Response:
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - the local test server
        for name, value in headers.items():
            request.add_header(name, value)
        if self.cookies:
            request.add_header(
                "Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            )
        try:
            raw = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            raw = error
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        headers = {k.lower(): v for k, v in raw.headers.items()}
        return Response(raw.status, url, headers, raw.read())


def _multipart(fields, files):
    boundary = "----banshi" + secrets.token_hex(8)
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
