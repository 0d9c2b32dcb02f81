"""The Vietnamese catalogs are complete and compiled: what the .po says is what users see."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
# the project's catalog, each app's own (sections keep their words beside their code), and the
# one completing Wagtail's
CATALOGS = [ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po",
            *sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/django.po")),
            ROOT / "locale_wagtail" / "vi" / "LC_MESSAGES" / "django.po"]
ENTRY = re.compile(r'^(msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.M)


def entries(path):
    """(context, msgid, msgstr) of the singular entries of a .po file."""
    def join(chunk):
        return "".join(ast.literal_eval(line) for line in chunk.strip().splitlines())

    for match in ENTRY.finditer(path.read_text(encoding="utf-8")):
        context = join(match.group(2)) if match.group(2) else None
        msgid = join(match.group(3))
        if msgid:
            yield context, msgid, join(match.group(4))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(ROOT).parts[0]))
def test_catalog_is_complete_and_compiled(path):
    found = list(entries(path))
    assert len(found) > (100 if path.parent.parent.parent.parent == ROOT else 5)
    # our own catalog comes first in LOCALE_PATHS and wins where both translate the same words
    ours = {(context, msgid) for context, msgid, _ in entries(CATALOGS[0])}
    with translation.override("vi"):
        for context, msgid, msgstr in found:
            assert msgstr, f"untranslated: {msgid!r}"
            if path != CATALOGS[0] and (context, msgid) in ours:
                continue
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            assert shown == msgstr, f"{msgid!r}: .mo says {shown!r}; run `make messages`"


def test_no_fuzzy_entries():
    for path in CATALOGS:
        assert "#, fuzzy" not in path.read_text(encoding="utf-8"), path


def test_elapsed_times_read_in_vietnamese():
    """The admin's "… trước" (dashboard, history): Django's Vietnamese lacks the units, ours
    has them (locale_wagtail)."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.timesince import timesince
    from django.utils.translation import override

    with override("vi"):
        def ago(delta):  # Django joins number and unit with a no-break space
            return timesince(timezone.now() - delta).replace("\xa0", " ")

        assert ago(timedelta(hours=2, minutes=3)) == "2 giờ, 3 phút"
        assert ago(timedelta(days=400)) == "1 năm, 1 tháng"
