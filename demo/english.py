"""The demo's English pages (/en/): translations of the Vietnamese home page, of "Giới thiệu"
and of "Liên hệ", made the way an editor makes them with "Translate" (Wagtail's
simple_translation: a copy in the English locale, then edited as a normal page). Idempotent:
a translation that exists is left as an editor may have changed it."""

from django.apps import apps
from wagtail.models import Locale, Page

AGENCY = {
    "english_agency_name": "Department of Science and Technology of Hau Giang Province",
    "english_governing_body": "People's Committee of Hau Giang Province",
    "english_tagline": "Web portal",
    "english_address": "09 Tran Hung Dao Street, Ward V, Vi Thanh City, Hau Giang Province",
    "english_responsible_person": "Director of the Department of Science and Technology of "
                                  "Hau Giang Province",
    "english_licence": "Licence to set up the web portal (illustrative data for the demo)",
}
HOME = ("Home", "Welcome to the web portal of the Department of Science and Technology of "
        "Hau Giang Province. In English you will find who we are, what we do, and how to "
        "reach us; news and public services are published in Vietnamese.")
CONTACT = ("Contact", "contact",
           "Citizens and businesses may contact the Department at the address below, or write "
           "to the unit in charge with the contact form.")
CONTACT_UNITS = ["Office of the Department", "Science Management Division",
                 "Technology Management and Digital Transformation Division",
                 "Sub-Department of Standards, Metrology and Quality",
                 "Department Inspectorate"]
# until the organisation app (its own `build_english`) takes "Giới thiệu" over
ABOUT = ("About us", "about-us",
         "The Department of Science and Technology is a specialised agency of the People's "
         "Committee of Hau Giang Province.",
         ["<h2>Functions</h2><p>The Department advises and assists the Provincial People's "
          "Committee in the state management of science and technology; the development of "
          "scientific and technological capacity; standards, metrology and quality; intellectual "
          "property; the application of radiation and radioisotopes; and radiation and nuclear "
          "safety.</p>",
          "<p>The Department has legal status, its own seal and account. It is directed and "
          "managed by the Provincial People's Committee in its organisation, staffing and work, "
          "and is guided and inspected in its profession by the Ministry of Science and "
          "Technology.</p>",
          "<h2>Units</h2><ul><li>Office of the Department</li><li>Science Management "
          "Division</li><li>Technology Management and Digital Transformation Division</li>"
          "<li>Sub-Department of Standards, Metrology and Quality</li><li>Department "
          "Inspectorate</li></ul>",
          "<h2>Leaders</h2><p>Director: telephone (0293) 3 870 000, e-mail "
          "skhcn@haugiang.gov.vn.</p><p>Deputy Directors: through the Office of the "
          "Department, telephone (0293) 3 870 000.</p>"])


def english_locale():
    return Locale.objects.get_or_create(language_code="en")[0]


def translation_of(page, locale, **fields):
    """`page`'s translation into `locale`: the existing one, else a copy given `fields` and
    published (its parent must be translated already)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    # the Vietnamese boxes stay Vietnamese: English pages show the English home's own
    copy = page.specific.copy_for_translation(locale, exclude_fields=["portlet_assignments"])
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy, True


def build_english(home, site_settings=None):
    """The English home page, "About us" and "Contact"; returns the English home page."""
    locale = english_locale()
    if site_settings is not None:
        empty = [name for name in AGENCY if not getattr(site_settings, name)]
        for name in empty:  # what an editor wrote stays; a field added since is filled
            setattr(site_settings, name, AGENCY[name])
        if empty:
            site_settings.save()
    title, intro = HOME
    english_home, _ = translation_of(home, locale, title=title, slug="en-home", intro=intro,
                                     seo_title="", search_description="")
    about = Page.objects.child_of(home).filter(slug="gioi-thieu").first()
    about = about.specific if about is not None else None
    if apps.is_installed("organisation") and type(about).__name__ == "OrganisationPage":
        from organisation import demo as organisation_demo

        organisation_demo.build_english(english_home)  # it translates its own pages
    elif about is not None:
        title, slug, intro, paragraphs = ABOUT
        body = [{"type": "paragraph", "value": text} for text in paragraphs]
        translation_of(about, locale, title=title, slug=slug, intro=intro, body=body,
                       seo_title="", search_description="")
    contact = Page.objects.child_of(home).filter(slug="lien-he").first()
    if contact is not None:
        title, slug, intro = CONTACT
        page, made = translation_of(contact, locale, title=title, slug=slug, intro=intro,
                                    seo_title="", search_description="")
        if made:
            for unit, name in zip(page.units.all(), CONTACT_UNITS):
                unit.name = name
                unit.save()
            page.save_revision().publish()
    return english_home
