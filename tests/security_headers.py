"""What every answer of the portal must carry (issue 17's headers), as a checker that both the
test client walk (tests/test_security_headers.py) and the production-like server check use:
`problems(url, status, headers, body)` lists what is wrong with one answer, `walk(fetch, …)`
follows the links of the demo and checks every answer it gets."""

import base64
import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template", "importmap"}
REFERRER_POLICIES = {"same-origin", "strict-origin", "strict-origin-when-cross-origin",
                     "no-referrer"}
REQUIRED = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}


def policy_of(headers):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for part in headers.get("Content-Security-Policy", "").split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts = []  # (attributes, text)
        self.links, self.sources, self.forms = [], [], []
        self.style_attributes, self.handlers, self.inline_styles = 0, [], []
        self._script = None
        self._style = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes += 1
        self.handlers += [name for name in attributes if name.startswith("on")]
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "script":
            if attributes.get("src"):
                self.sources.append(("script-src", attributes["src"]))
            elif (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self._script = (attributes, [])
        if tag == "style":
            self._style = []
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "") and \
                attributes.get("href"):
            self.sources.append(("style-src", attributes["href"]))
        if tag == "img" and attributes.get("src"):
            self.sources.append(("img-src", attributes["src"]))
        if tag == "iframe" and attributes.get("src"):
            self.sources.append(("frame-src", attributes["src"]))
        if tag == "form":
            self.forms.append((attributes.get("method") or "get").lower())

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag == "style" and self._style is not None:
            self.inline_styles.append("".join(self._style))
            self._style = None


def parse(body):
    page = _Page()
    page.feed(body)
    return page


def source_hash(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def _allows(sources, url, page_url):
    """Whether a directive's `sources` allow loading `url` from the page at `page_url`."""
    target, page = urlsplit(urljoin(page_url, url)), urlsplit(page_url)
    if target.scheme in ("data", "blob"):
        return f"{target.scheme}:" in sources
    if (target.scheme, target.netloc) == (page.scheme, page.netloc):
        return "'self'" in sources
    return any(source.rstrip("/") == f"{target.scheme}://{target.netloc}" for source in sources)


def problems(url, status, headers, body="", *, signed_in=False):
    """What is wrong with one answer: its status, its security headers and, for HTML, whether
    its policy allows every script, style and frame it uses and nothing inline it does not."""
    found = []
    if status >= 500:
        return [f"{url}: status {status}"]
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        found.append(f"{url}: no X-Content-Type-Options: nosniff")
    content_type = headers.get("Content-Type", "")
    if "Set-Cookie" in headers and not signed_in and "text/html" not in content_type:
        found.append(f"{url}: sets a cookie: {headers['Set-Cookie'][:60]}")
    if not content_type.startswith("text/html") or status in (301, 302, 304):
        return found
    if not headers.get("Permissions-Policy"):
        found.append(f"{url}: no Permissions-Policy")
    if headers.get("Referrer-Policy") not in REFERRER_POLICIES:
        found.append(f"{url}: Referrer-Policy is {headers.get('Referrer-Policy')!r}")
    policy = policy_of(headers)
    if not policy:
        return found + [f"{url}: no Content-Security-Policy"]
    for directive, source in REQUIRED.items():
        if policy.get(directive) != [source]:
            found.append(f"{url}: {directive} is {policy.get(directive)}, not {source}")
    if "frame-ancestors" not in policy:
        found.append(f"{url}: no frame-ancestors")
    scripts = policy.get("script-src", policy.get("default-src", []))
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:", "data:"):
        if unsafe in scripts:
            found.append(f"{url}: script-src allows {unsafe}")
    if headers.get("X-Frame-Options") not in {"DENY", "SAMEORIGIN"}:
        found.append(f"{url}: X-Frame-Options is {headers.get('X-Frame-Options')!r}")
    page = parse(body)
    nonces = {source[len("'nonce-"):-1] for source in scripts if source.startswith("'nonce-")}
    for attributes, text in page.inline_scripts:
        if attributes.get("nonce") not in nonces and source_hash(text) not in scripts:
            found.append(f"{url}: inline script not allowed by the policy: {text[:60]!r}")
    for directive, address in page.sources:
        sources = policy.get(directive, policy.get("default-src", []))
        if not _allows(sources, address, url):
            found.append(f"{url}: {directive} does not allow {address}")
    styles = policy.get("style-src", policy.get("default-src", []))
    if "'unsafe-inline'" not in styles:
        if page.style_attributes:
            found.append(f"{url}: {page.style_attributes} style attributes, refused by style-src")
        found += [f"{url}: inline <style> refused by style-src" for text in page.inline_styles
                  if source_hash(text) not in styles]
    if page.handlers:
        found.append(f"{url}: inline event handlers {sorted(set(page.handlers))}")
    if not signed_in and "post" not in page.forms:
        if "Set-Cookie" in headers:
            found.append(f"{url}: a page without a form sets a cookie")
        if "cookie" in headers.get("Vary", "").lower():
            found.append(f"{url}: a page without a form sends Vary: Cookie")
    return found


def links_of(url, body):
    """The same-site addresses an HTML page links to, without fragments."""
    here = urlsplit(url)
    found = []
    for href in parse(body).links:
        target = urlsplit(urldefrag(urljoin(url, href))[0])
        if (target.scheme, target.netloc) == (here.scheme, here.netloc):
            found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


SKIPPED = re.compile(r"^/(static|media|tai-lieu)/|\.(pdf|docx?|xlsx?|zip|ics|jpe?g|png|webp)$")


def walk(fetch, start, base="http://testserver", limit=1500, skip=SKIPPED, extra=()):
    """Follow the site's links from the addresses `start`, fetching each once with
    `fetch(path) -> (status, headers, body)`, and check every answer. Returns (paths seen,
    problems)."""
    queue, seen, found = list(start), set(), []
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or skip.search(urlsplit(path).path):
            continue
        seen.add(path)
        status, headers, body = fetch(path)
        found += problems(base + path, status, headers, body)
        if "text/html" in headers.get("Content-Type", "") and status == 200:
            queue += [link for link in links_of(base + path, body) if link not in seen]
    return seen, found
