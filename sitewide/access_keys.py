"""The site's access keys, in one place: the header, the skip link and the footer write their
`accesskey` attributes from this list (`{% access_key "home" %}`), and the accessibility page
lists it, so that the two cannot drift apart. The keys follow the UK government convention
(1 home page, 4 search, S skip to content, 0 accessibility page)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AccessKey:
    name: str  # what the template asks for
    key: str  # the `accesskey` value
    label: str  # what it does, as the accessibility page says it


ACCESS_KEYS = [
    AccessKey("home", "1", _("Home page")),
    AccessKey("main", "s", _("Skip to the main content")),
    AccessKey("search", "4", _("Search box")),
    AccessKey("accessibility", "0", _("Accessibility help (this page)")),
]
ACCESS_KEYS_BY_NAME = {access_key.name: access_key for access_key in ACCESS_KEYS}

# how each browser reaches an access key ("{key}" is the key)
BROWSER_SHORTCUTS = [
    ("Chrome, Edge (Windows, Linux)", "Alt + {key}"),
    ("Firefox (Windows, Linux)", "Alt + Shift + {key}"),
    ("Chrome, Safari, Firefox (macOS)", "Control + Option + {key}"),
]
