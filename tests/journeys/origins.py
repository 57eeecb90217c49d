"""Which addresses on a page would take the browser off the origin it is on."""

# Every address the page offers the browser: links, form actions, the
# canonical and alternates, and what scripts, styles and images load from.
_ADDRESSES_JS = """() => {
  const out = [];
  const add = (kind, value) => { if (value) out.push([kind, value]); };
  document.querySelectorAll('a[href]').forEach(a => add('a', a.href));
  // f.action is clobbered by a control named "action" (the wizard's buttons).
  document.querySelectorAll('form').forEach(f => add('form',
    new URL(f.getAttribute('action') || '', document.baseURI).href));
  document.querySelectorAll('button[formaction]').forEach(b => add('formaction', b.formAction));
  document.querySelectorAll('link[href]').forEach(l => add('link:' + l.rel, l.href));
  document.querySelectorAll('script[src], img[src], source[src], video[src], track[src]')
    .forEach(e => add(e.tagName.toLowerCase(), e.src));
  return out;
}"""
_LOCAL_SCHEMES = ("mailto:", "tel:", "data:", "blob:", "about:")


def foreign_addresses(page, *, allow_hosts=()):
    """(kind, address) pairs that leave ``page``'s origin.

    ``javascript:`` addresses always count.  ``allow_hosts`` names outside
    hosts a test accepts on purpose (an item's own external 网办地址, say);
    the demo's own hosts (loopback, ``*.localhost``) are never allowed on
    another port or host, since that is the bug of addresses built from a
    Wagtail Site root instead of the request.
    """
    origin = page.evaluate("location.origin")
    found = []
    for kind, address in page.evaluate(_ADDRESSES_JS):
        if address.lower().startswith("javascript:"):
            found.append((kind, address))
        elif address.startswith(_LOCAL_SCHEMES) or _same_origin(address, origin):
            continue
        elif _host(address) not in allow_hosts or _is_demo_host(_host(address)):
            found.append((kind, address))
    return found


def _same_origin(address: str, origin: str) -> bool:
    return (
        address == origin
        or address.startswith(origin + "/")
        or address.startswith(origin + "?")
        or address.startswith(origin + "#")
    )


def _host(address: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(address).hostname or "").lower()


def _is_demo_host(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.endswith(".localhost")
