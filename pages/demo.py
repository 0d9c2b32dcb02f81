"""What the sections' demo content shares: the files it attaches (signed documents, forms,
reports), PDFs drawn locally with the repository's own font (nothing downloaded), and the
section page that takes the place of a placeholder. Also used by tests that need a real PDF."""

import logging
from pathlib import Path


# fpdf2 subsets the font through fontTools, which logs every table at INFO
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"


_drawn = {}  # (title, paragraphs, subtitle): bytes. The demo may be built again in a process


def make_pdf(title, paragraphs, subtitle=""):
    """The bytes of a one- or two-page A4 PDF holding `title` and `paragraphs` (Vietnamese
    text, extractable: the font is embedded). The same text gives the same bytes, drawn once
    per process (fpdf2 takes about 0.1 s a file; the demo has 39)."""
    key = (str(title), tuple(str(paragraph) for paragraph in paragraphs), str(subtitle))
    if key not in _drawn:
        _drawn[key] = _draw_pdf(*key)
    return _drawn[key]


def _draw_pdf(title, paragraphs, subtitle):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creator("vnportal demo")
    pdf.set_creation_date(__import__("datetime").datetime(2026, 1, 1))  # same bytes every run
    pdf.add_font("BeVietnamPro", "", str(FONT_DIR / "BeVietnamPro-Regular.ttf"))
    pdf.add_font("BeVietnamPro", "B", str(FONT_DIR / "BeVietnamPro-Bold.ttf"))
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("BeVietnamPro", "B", 14)
    pdf.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("BeVietnamPro", "", 11)
        pdf.multi_cell(0, 7, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("BeVietnamPro", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def demo_document(title, filename, data, collection=None):
    """The Wagtail document holding `data`, found again by its content so that a second run
    reuses it."""
    from .sheets import stored_document

    return stored_document(data, title, filename, collection)


def section_page(home, model, slug, keep=(), **fields):
    """The live section page of type `model` at `slug` under `home`, created (and published)
    when missing; a plain placeholder page at that address is replaced, in its place in the
    menu, and the fields named in `keep` take the placeholder's values (what an editor wrote
    there is not lost)."""
    from .models import StandardPage

    section = model.objects.child_of(home).filter(slug=slug).first()
    if section is not None:
        return section
    section = model(slug=slug, show_in_menus=True, **fields)
    placeholder = StandardPage.objects.child_of(home).filter(slug=slug).first()
    following = placeholder.get_next_sibling() if placeholder else None
    for name in keep if placeholder is not None else ():
        value = getattr(placeholder, name)
        setattr(section, name, list(value.raw_data) if hasattr(value, "raw_data") else value)
    if placeholder is not None:
        placeholder.delete()
    if following is not None:
        following.refresh_from_db()
        following.add_sibling(pos="left", instance=section)
    else:
        home.add_child(instance=section)
    section.save_revision().publish()
    return section
