"""The Content-Security-Policy of every answer (django-csp 4; Django's own CSP support starts
with Django 6.0, which needs Python 3.12), and the Permissions-Policy.

Public pages are stored and shared (core.page_cache), so they carry no nonce: their one inline
script, `HEAD_SCRIPT`, is allowed by its hash, and everything else is a file under /static/.
The Wagtail admin still writes a few inline scripts of its own (choosers, inline panels, date
fields); they get the nonce of the answer they are part of (`nonce_attribute`), through our
overrides of those templates and of the choosers' rendering (core/templates/wagtailadmin/,
`allow_admin_inline_scripts`). A script that an attacker slipped into a page gets no nonce.

Apps that add a third-party script to public pages (the national EMC measurement tag: sitewide)
register a function that returns the origins they load scripts from; `PolicyMiddleware` adds
them to script-src, connect-src and img-src of the answers of that site."""

import base64
import contextvars
import hashlib
import logging

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)
_script_source_providers = []
_request = contextvars.ContextVar("csp_request", default=None)

# The only inline script of public pages: the display options a visitor chose (sitewide, a11y.js)
# are applied before the first paint, so the page does not jump. Its hash is in script-src.
HEAD_SCRIPT = (
    '(function(d){d.classList.add("js");try{var t=localStorage.getItem("a11y-text");'
    'if(t==="1"||t==="2")d.classList.add("a11y-text-"+t);'
    'if(localStorage.getItem("a11y-contrast")==="1")d.classList.add("a11y-contrast")}'
    "catch(e){}})(document.documentElement)"
)


def source_hash(text):
    """The CSP source ("'sha256-…'") that allows an inline script or style of exactly `text`."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


HEAD_SCRIPT_HASH = source_hash(HEAD_SCRIPT)


# What Wagtail's admin needs beyond the public pages' policy. Its rich text editor (Draftail)
# and some of its templates style elements inline: styles only, in the admin only. The photo
# focal point editor (Jcrop) sets the inline handler "return;" (a no-op), allowed by its hash.
ADMIN_SOURCES = {
    "style-src": ["'unsafe-inline'"],
    "script-src": ["'unsafe-hashes'", source_hash("return;")],
}


def head_script():
    return mark_safe(f"<script>{HEAD_SCRIPT}</script>")  # noqa: S308 - a constant of ours


def register_script_sources(function):
    """Register `function(request)`, which returns the origins ("https://host") of the scripts
    its app adds to the page answering `request`."""
    _script_source_providers.append(function)
    return function


def script_sources(request=None):
    """The origins every registered app loads scripts from, sorted, each once."""
    found = set()
    for provider in _script_source_providers:
        found.update(provider(request) or ())
    return sorted(found)


def nonce_attribute():
    """` nonce="…"` for an inline script written while answering the current request (the
    admin's), or "" outside a request. Using it puts the nonce into that answer's policy."""
    request = _request.get()
    nonce = getattr(request, "csp_nonce", None) if request is not None else None
    # (a lazy object, false until read: `str` makes it)
    return format_html(' nonce="{}"', str(nonce)) if nonce is not None else ""


def with_nonce(html):
    """`html` whose last `<script>` (the one Wagtail's chooser widgets append after their
    escaped markup) carries the current answer's nonce."""
    before, found, after = str(html).rpartition("<script>")
    if not found:
        return html
    return mark_safe(f"{before}<script{nonce_attribute()}>{after}")  # noqa: S308


def allow_admin_inline_scripts():
    """Wagtail's chooser widgets (page, image, document, snippet, task) write
    `<script>new Chooser(…)</script>` from Python, where no template can add a nonce: their
    `render` gets it here (called once, from CoreConfig.ready)."""
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "adds_nonce", False):
        return
    render = BaseChooser.render

    def render_with_nonce(self, *args, **kwargs):
        return with_nonce(render(self, *args, **kwargs))

    render_with_nonce.adds_nonce = True
    BaseChooser.render = render_with_nonce


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the sources of the site answering (EMC), frames allowed
    only where Django allows them (X-Frame-Options SAMEORIGIN: Wagtail's previews), and the
    Permissions-Policy header."""

    def process_request(self, request):
        super().process_request(request)
        request._csp_token = _request.set(request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if HEADER in response:  # in a fixed order (django-csp's follows a set's)
            directives = sorted(part.strip() for part in response[HEADER].split(";"))
            if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
                # where Django lets the site frame the answer (Wagtail's previews), so does the
                # policy; a preview's answer was made by an inner request under the public
                # policy, so its header is already there and is changed here
                directives = ["frame-ancestors 'self'" if part.startswith("frame-ancestors")
                              else part for part in directives]
            response[HEADER] = "; ".join(
                sorted(directives, key=lambda part: not part.startswith("default-src")))
        token = getattr(request, "_csp_token", None)
        if token is not None:
            _request.reset(token)
            request._csp_token = None
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        origins = []
        if response.get("Content-Type", "").startswith("text/html") and \
                not 300 <= response.status_code < 400:  # (pages run scripts, redirects don't)
            try:
                origins = script_sources(request)
            except Exception:  # a broken setting must not take the page down with it
                logger.exception("The script sources of the policy cannot be read")
        if origins:
            for directive in ("script-src", "connect-src", "img-src"):
                update[directive] = [*update.get(directive, ()), *origins]
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            for directive, sources in ADMIN_SOURCES.items():
                update[directive] = [*update.get(directive, ()), *sources]
        return PolicyParts(parts.config, update or None, parts.replace, parts.nonce)
