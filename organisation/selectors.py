"""Reads of the organisation for its pages. Each page costs a constant number of queries,
whatever the number of units and people: units are read in one query and made into a tree in
Python, appointments are read with their person, unit and photo joined and the photos'
renditions prefetched.

A page translated with the admin's Translate button (`Page.copy_for_translation`) keeps the
links of the original: an English person's appointments still name the Vietnamese units, an
English unit's successor the Vietnamese page. So an appointment belongs to a unit by the
unit's `translation_key` and the person's locale, and the units and successors named are read
in the page's own locale (`in_locale()`), which also covers pages translated long ago.

Links to other pages go through `localize()`, Wagtail's `Page.localized` for a whole list at
once: with Wagtail's locales on, an English page links the English copies where they exist."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q

from core.listing import public
from core.selectors import is_restricted, restricted_paths

from .models import Appointment, UnitKind, UnitPage, today

PHOTO_SPEC = "fill-160x200"


def localize(pages):
    """{page id: the page to link in the active language}: each page's live translation in the
    active locale when Wagtail's locales are on and one exists, else the page itself. What
    `page.localized` gives one page at a time, in one query for them all."""
    pages = [page for page in pages if page is not None]
    found = {page.pk: page for page in pages}
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not pages:
        return found
    from wagtail.models import Locale, Page

    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return found
    others = {page.translation_key: page.pk for page in pages if page.locale_id != locale.pk}
    if others:
        for page in Page.objects.live().filter(locale=locale, translation_key__in=others):
            found[others[page.translation_key]] = page
    return found


def in_locale(pages, locale_id):
    """{page id: the page in locale `locale_id`}: each page's live translation there when it is
    in another locale and one exists, else the page itself. One query, and none when every page
    is already in that locale."""
    pages = [page for page in pages if page is not None]
    found = {page.pk: page for page in pages}
    others = {}
    for page in pages:
        if page.locale_id != locale_id:
            others.setdefault(page.translation_key, []).append(page.pk)
    if others:
        model = UnitPage if all(isinstance(page, UnitPage) for page in pages) else None
        if model is None:
            from wagtail.models import Page as model
        for page in model.objects.live().filter(locale_id=locale_id,
                                                translation_key__in=others):
            for pk in others[page.translation_key]:
                found[pk] = page
    return found


def _photos():
    from wagtail.images import get_image_model

    renditions = get_image_model().get_rendition_model().objects.filter(
        filter_spec=PHOTO_SPEC)
    return Prefetch("person__photo__renditions", queryset=renditions)


def _appointments(queryset, restricted):
    """Appointments of live, public people, with person, photo and unit joined and the
    photos' renditions prefetched."""
    queryset = queryset.filter(person__live=True)
    for path in restricted:
        queryset = queryset.exclude(person__path__startswith=path)
    return (queryset.select_related("person", "person__photo", "unit")
            .prefetch_related(_photos())
            .order_by("-is_head", "sort_order", "pk"))


def current(queryset):
    now = today()
    return queryset.filter(Q(start_date__isnull=True) | Q(start_date__lte=now),
                           Q(end_date__isnull=True) | Q(end_date__gte=now))


def _shown_unit(appointment, restricted):
    """The unit of an appointment when a visitor may open its page, else None."""
    unit = appointment.unit
    if unit is None or not unit.live or is_restricted(unit.path, restricted):
        return None
    return unit


@dataclass
class UnitNode:
    """A unit in the organisation chart, with its head and the units below it."""

    unit: UnitPage
    head: Appointment = None
    children: list = field(default_factory=list)


def organisation_overview(organisation):
    """The context of /gioi-thieu/: `leaders` [(person, [current appointments])] of the agency's
    leadership (appointments to the agency itself or to a leadership unit), `chart` and
    `former_units` (trees of `UnitNode`s), `links` ({page id: page to link})."""
    restricted = restricted_paths()
    units = list(public(UnitPage.objects.live().descendant_of(organisation), restricted)
                 .select_related("successor").order_by("path"))
    appointments = list(_appointments(current(Appointment.objects.filter(
        person__path__startswith=organisation.path)), restricted))
    # by translation_key: a translated person's appointment may still name the original unit
    heads = {}
    for appointment in appointments:
        if appointment.is_head and appointment.unit_id:
            heads.setdefault(appointment.unit.translation_key, appointment)
    nodes, chart, former = {}, [], []
    for unit in units:
        node = nodes[unit.path] = UnitNode(unit, heads.get(unit.translation_key))
        parent = next((nodes[unit.path[:end]] for end in range(len(unit.path) - unit.steplen,
                                                               0, -unit.steplen)
                       if unit.path[:end] in nodes), None)
        if parent is not None and parent.unit.is_active == unit.is_active:
            parent.children.append(node)
        else:
            (chart if unit.is_active else former).append(node)
    shown = {unit.translation_key: unit for unit in units}
    for appointment in appointments:
        appointment.shown_unit = shown.get(appointment.unit.translation_key) \
            if appointment.unit_id else None
    leaders = {}
    for appointment in appointments:
        unit = appointment.shown_unit
        if appointment.unit_id is None or (unit is not None and unit.kind == UnitKind.LEADERSHIP):
            leaders.setdefault(appointment.person.pk, (appointment.person, []))
    for appointment in appointments:
        if appointment.person.pk in leaders:
            leaders[appointment.person.pk][1].append(appointment)
    successors = in_locale([unit.successor for unit in units if unit.successor_id],
                           organisation.locale_id)
    for unit in units:
        successor = successors[unit.successor_id] if unit.successor_id else None
        unit.shown_successor = successor if successor is not None and successor.live and \
            not is_restricted(successor.path, restricted) else None
        # the agency is named by its name, the units by their title
        if successor is not None and successor.pk == organisation.pk:
            unit._successor_name = organisation.agency_name or organisation.title
        elif successor is not None:
            unit._successor_name = successor.title
    links = localize([*units, *(unit.shown_successor for unit in units),
                      *(person for person, _rows in leaders.values()),
                      *(node.head.person for node in nodes.values() if node.head)])
    return {"leaders": list(leaders.values()), "chart": chart, "former_units": former,
            "links": links}


def unit_details(unit):
    """The context of a unit's page: `current_people` and `former_people` (appointments),
    `subunits` (live, public units below it), `successor` (the page its work went to, when
    live), `predecessors` (former units whose work came to it), `links`."""
    restricted = restricted_paths()
    # the unit's appointments in its language: a translated person's may name the original unit
    rows = list(_appointments(Appointment.objects.filter(
        unit__translation_key=unit.translation_key, person__locale_id=unit.locale_id),
        restricted))
    now = today()
    current_rows = [row for row in rows if row.is_current]
    former_rows = sorted((row for row in rows if row.end_date and row.end_date < now),
                         key=lambda row: row.end_date, reverse=True)
    subunits = list(public(UnitPage.objects.live().child_of(unit), restricted).order_by("path"))
    successor = None
    if unit.successor_id:
        successor = in_locale([unit.successor], unit.locale_id)[unit.successor_id]
        if successor.pk != unit.successor_id:  # named as the translation, not the original
            specific = successor.specific
            unit._successor_name = getattr(specific, "agency_name", "") or specific.title
    if successor is not None and (not successor.live or
                                  is_restricted(successor.path, restricted)):
        successor = None
    predecessors = list(public(UnitPage.objects.live().filter(
        successor__translation_key=unit.translation_key, locale_id=unit.locale_id), restricted)
        .order_by("title"))
    links = localize([*subunits, successor, *predecessors,
                      *(row.person for row in current_rows + former_rows)])
    for row in current_rows:
        row.shown_unit = None  # the page is the unit's own
    return {"current_people": [(row.person, [row]) for row in current_rows],
            "former_people": former_rows,
            "subunits": subunits, "successor": successor, "predecessors": predecessors,
            "links": links}


def person_details(person):
    """The context of a person's page: `current_positions` and `past_positions` (appointments,
    each with `shown_unit`, the unit when its page is public), `links`."""
    restricted = restricted_paths()
    rows = list(person.appointments.select_related("unit").order_by("-start_date", "sort_order"))
    now = today()
    units = in_locale([row.unit for row in rows if row.unit_id], person.locale_id)
    for row in rows:
        if row.unit_id:  # the unit in the person's language (a translation may name the original)
            row.unit = units[row.unit_id]
        row.shown_unit = _shown_unit(row, restricted)
    current_rows = [row for row in rows if row.is_current]
    past_rows = [row for row in rows if row.end_date and row.end_date < now]
    return {"current_positions": current_rows, "past_positions": past_rows,
            "links": localize(row.shown_unit for row in rows)}
