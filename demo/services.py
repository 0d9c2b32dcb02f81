"""Building the demo site. Every step looks for what it would create first, so `load_demo`
can run on every `make run` without duplicating anything or undoing an editor's changes."""

import io
import json
import os
import random
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from contact import demo as contact_demo
from demo import english as english_demo
from core.models import SiteSettings
from editorial import roles
from feedback import demo as feedback_demo
from editorial.models import CategoryGroup
from pages.models import StandardPage
from portlets.models import Portlet, PortletAssignment
from search import services as search_services
from visits.models import CounterSettings
from core.vietnamese import slugify_vi
from legal import demo as legal_demo
from lifecycle import demo as lifecycle_demo
from news.models import HomePage, NewsArticlePage, NewsCategoryPage
from news.services import save_article
from organisation import demo as organisation_demo
from consultation import demo as consultation_demo
from procedures import demo as procedures_demo
from qa import demo as qa_demo
from science import demo as science_demo
from sitewide import demo as sitewide_demo
from workschedule import demo as schedule_demo
from workschedule import services as schedule_services

from . import content

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The old portal's news page, kept inside the repository: the demo and the tests need it.
SEED_FILE = Path(__file__).resolve().parent / "seeds" / "old-portal-news-detail.txt"
CREDENTIALS_FILE = Path(settings.VAR_DIR) / "demo-credentials.json"
STAFF_GROUP = "Cán bộ Sở"
DEMO_CATEGORY = "tin-hoat-dong"
QA_HANDLER_GROUP = "Cán bộ xử lý hỏi đáp"  # qa.services.HANDLER_GROUP
QA_EDITOR_GROUP = "qa-editor"  # the editors' group of the Hỏi đáp section
CONTACT_RECEIVERS_GROUP = "Cán bộ tiếp nhận thư liên hệ"  # contact.apps.RECEIVERS_GROUP  # the writer and the editor work in this category only
# (username, role shown by `make run`, (first, last name), groups): a group is a name, or a
# role key for that role's group of DEMO_CATEGORY
DEMO_ACCOUNTS = [
    ("phongvien", "phóng viên, chuyên mục Tin hoạt động / writer", ("Lan", "Phóng viên"),
     [roles.WRITER]),
    ("bientap", "biên tập viên, chuyên mục Tin hoạt động / editor", ("Hùng", "Biên tập"),
     [roles.EDITOR]),
    ("lanhdao", "lãnh đạo duyệt tin, toàn trang / approver", ("Phó Giám đốc", "Sở"),
     ["Lãnh đạo duyệt tin"]),
    ("quantri", "quản trị: cấu hình, người dùng, portlet / administrator", ("Quản trị", "Demo"),
     ["Quản trị"]),
    ("canbo", "cán bộ Sở, xem portlet nội bộ / staff member", ("Minh", "Khoa"), [STAFF_GROUP]),
    ("hoidap", "cán bộ xử lý hỏi đáp và thư liên hệ / Q&A and contact handler",
     ("Thu", "Hỏi đáp"),
     [QA_HANDLER_GROUP, QA_EDITOR_GROUP, CONTACT_RECEIVERS_GROUP]),
    ("thuky", "thư ký lịch công tác / work schedule secretary", ("Hoa", "Thư ký"),
     [schedule_services.SECRETARY_GROUP]),
]
PALETTES = [((10, 74, 143), (86, 160, 211)), ((26, 120, 72), (150, 205, 120)),
            ((179, 20, 27), (245, 180, 0)), ((60, 60, 110), (160, 140, 220)),
            ((0, 110, 120), (120, 200, 190)), ((120, 70, 20), (230, 180, 110))]


def make_photo_bytes(seed, size=(1200, 800)):
    """A JPEG drawn locally: a gradient sky, fields and a sun (nothing is downloaded)."""
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    sun = rng.randint(120, width - 120), rng.randint(80, height // 3)
    draw.ellipse([sun[0] - 70, sun[1] - 70, sun[0] + 70, sun[1] + 70], fill=(255, 236, 170))
    for band in range(5):
        y0 = height // 2 + band * height // 10
        colour = (30 + 20 * band, 110 + rng.randint(0, 60), 40 + 10 * band)
        points = [(0, y0)] + [(x, y0 + rng.randint(-40, 40)) for x in range(0, width + 200, 200)]
        draw.polygon(points + [(width, height), (0, height)], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def demo_image(number):
    Image = get_image_model()
    title = f"Ảnh minh họa {number}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(make_photo_bytes(number)), name=f"anh-minh-hoa-{number}.jpg")
        image.save()
    return image


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def ensure_root():
    """The tree's root and the default locale, which migrations create and `flush` removes."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(
        settings.LANGUAGE_CODE))
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def setup_site():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    # the default site's home: on an install of several sites (multisite), not another's
    home = site.root_page.specific if site is not None else None
    if not isinstance(home, HomePage):
        home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:  # the migration creates it; recreate it after a flush or a deletion
        home = HomePage(title="Trang chủ", slug="trang-chu")
        ensure_root().add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.site_name = content.AGENCY["agency_name"]
    site.hostname = site.hostname or "localhost"
    site.save()
    # the old portal's "Đã truy cập" figure, so the total continues from it
    CounterSettings.objects.get_or_create(defaults={"total_offset": 122121})
    site_settings = SiteSettings.for_site(site)
    if not site_settings.address:
        for name, value in content.AGENCY.items():
            setattr(site_settings, name, value)
        site_settings.save()
    return home


# The government sections, in menu order after the news; each app builds its own section page
# and items (`build_section`, `build_items`). Legal documents come first: procedures link to
# them.
SECTIONS = [legal_demo, procedures_demo, science_demo, consultation_demo, qa_demo,
            schedule_demo]


def build_menu(home):
    pages = {}
    # Giới thiệu: the organisation, its units and people (organisation.demo)
    organisation_demo.build_section(home)
    news_title, news_slug, news_intro = content.NEWS_ROOT
    news_root, _ = _child(home, NewsCategoryPage, news_slug, title=news_title, intro=news_intro,
                          show_in_menus=True)
    for section in SECTIONS:
        section.build_section(home)
    for spec in content.STANDARD_PAGES:
        pages[spec[1]] = _standard_page(home, spec)
    contact_demo.build_page(home)
    categories = {}
    for title, slug, intro in content.CATEGORIES:
        categories[slug], _ = _child(news_root, NewsCategoryPage, slug, title=title, intro=intro,
                                     show_in_menus=True)
    return news_root, categories


def _standard_page(home, spec):
    title, slug, intro, paragraphs = spec
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    page, _ = _child(home, StandardPage, slug, title=title, intro=intro, body=body,
                     show_in_menus=True)
    return page


def build_articles(categories, now=None):
    now = now or datetime(2026, 11, 27, 8, 30, tzinfo=VN_TZ)
    created = 0
    for index, (category_slug, title, sapo, tags) in enumerate(content.ARTICLES):
        category = categories[category_slug]
        # by address, not title: an article an editor renamed is not created again
        if NewsArticlePage.objects.child_of(category).filter(slug=slugify_vi(title)).exists():
            continue
        photo, body_photo = demo_image(index % 12 + 1), demo_image((index + 5) % 12 + 1)
        topic = title[0].lower() + title[1:]
        paragraphs = [text.format(topic=topic) for text in content.PARAGRAPHS]
        body = [
            {"type": "paragraph", "value": f"<p>{paragraphs[0]}</p>"},
            {"type": "paragraph", "value": f"<p>{paragraphs[1]}</p>"},
            {"type": "photo", "value": {"image": body_photo.pk,
                                        "caption": content.CAPTIONS[index % len(content.CAPTIONS)],
                                        "alt_text": "", "credit": "", "missing": False,
                                        "original_src": ""}},
            {"type": "paragraph", "value": f"<p>{paragraphs[2]}</p>"},
            {"type": "paragraph", "value": f"<p>{paragraphs[3]}</p>"},
        ]
        article = NewsArticlePage(
            title=title, sapo=sapo, body=body, featured_image=photo,
            published_at=now - timedelta(days=index * 3, hours=index % 5),
            author_name=content.BYLINES[index % len(content.BYLINES)],
            is_featured=(index == 0),
        )
        category.add_child(instance=article)
        article.tags.set(tags)
        article.save_revision().publish()
        created += 1
    return created


def import_seed(categories):
    """The seed page of the old portal, through the importer like any old page."""
    from news.importer import parse_old_page

    parsed = parse_old_page(SEED_FILE)
    article = NewsArticlePage.objects.filter(legacy_key=parsed.legacy_key).first()
    if article is None:
        article, _ = save_article(parsed, category=categories["tin-hoat-dong"], publish=True)
    return article


def build_portlets(home):
    """The site's default boxes, placed on the home page and inherited by every page: latest
    news, a banner, the "Liên kết website" drop-down and a staff-only internal calendar, so a
    visitor sees the old portal's denial message on the home page."""
    if PortletAssignment.objects.filter(page=home).exists():
        return
    staff = Group.objects.get_or_create(name=STAFF_GROUP)[0]
    procedures = Page.objects.filter(depth=home.depth + 1, slug="thu-tuc-hanh-chinh").first()
    documents = Page.objects.filter(depth=home.depth + 1, slug="van-ban").first()
    specs = [
        ("Tin mới", "everyone", [{"type": "latest_news",
                                  "value": {"categories": [], "count": 6}}]),
        ("Văn bản mới", "everyone", [{"type": "latest_items",
                                      "value": {"section": documents.pk, "count": 5}}]),
        ("Dịch vụ công trực tuyến", "everyone", [{"type": "banner", "value": {
            "image": demo_image(13).pk, "alt_text": "Dịch vụ công trực tuyến của Sở",
            "link_page": procedures.pk if procedures else None, "link_url": ""}}]),
        ("Lịch công tác nội bộ", "groups", [{"type": "notice", "value": {
            "text": "<p><b>Thứ Hai:</b> họp giao ban lãnh đạo Sở, 7 giờ 30, phòng họp số 1.</p>"
                    "<p><b>Thứ Tư:</b> kiểm tra tiến độ đề tài cấp tỉnh tại huyện Phụng Hiệp.</p>",
            "document": None}}]),
        ("Liên kết website", "everyone", [{"type": "link_list", "value": {
            "as_dropdown": True, "links": [
                {"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn/"},
                {"title": "Bộ Khoa học và Công nghệ", "url": "https://www.most.gov.vn/"},
                {"title": "Cổng thông tin điện tử tỉnh Hậu Giang",
                 "url": "https://www.haugiang.gov.vn/"},
            ]}}]),
    ]
    counter = Portlet.objects.filter(title="Thống kê truy cập").first() or Portlet.objects.create(
        title="Thống kê truy cập", content=[{"type": "visit_counter", "value": {}}])
    PortletAssignment.objects.create(page=home, portlet=counter, region="bottom")
    for order, (title, visibility, content) in enumerate(specs):
        portlet = Portlet.objects.filter(title=title).first() or Portlet.objects.create(
            title=title, visibility=visibility, content=content,
            show_title=content[0]["type"] != "banner")
        if visibility == "groups":
            portlet.groups.add(staff)
        PortletAssignment.objects.create(page=home, portlet=portlet, region="right",
                                         sort_order=order)


@transaction.atomic
def load_demo():
    home = setup_site()
    news_root, categories = build_menu(home)
    created = build_articles(categories)
    for section in SECTIONS:
        page = section.build_section(home)
        created += section.build_items(page)
    organisation = organisation_demo.build_section(home)
    created += organisation_demo.build_items(organisation)
    seed = import_seed(categories)
    build_portlets(home)
    schedule_demo.build_portlet(home)  # apart: build_portlets stops when any is placed
    feedback_demo.build_ratings()
    lifecycle_demo.build(
        home, changed=NewsArticlePage.objects.live().order_by("-published_at").first(),
        replacement=organisation)  # the withdrawn notice says the new one is on Giới thiệu
    sitewide_demo.build_page(home)
    english_demo.build_english(home, SiteSettings.for_site(home.get_site()))
    # a site made before the search existed has pages that were never indexed
    search_services.reindex_all()
    return {"home": home, "created": created, "seed": seed}


def _saved_passwords():
    try:
        saved = json.loads(CREDENTIALS_FILE.read_text())
    except (OSError, ValueError):
        return {}
    if "username" in saved:  # the first format held one account
        return {saved["username"]: saved.get("password")}
    return saved.get("accounts", {})


def random_password(user):
    """16 random characters that pass the site's own password rules."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def _demo_group(name):
    if name == schedule_services.SECRETARY_GROUP:  # with its rights on the schedule sections
        return schedule_services.ensure_secretary_group()
    if name == QA_EDITOR_GROUP:
        section = qa_demo.QuestionIndexPage.objects.filter(slug=qa_demo.SLUG).first()
        link = CategoryGroup.objects.filter(category=section, role=roles.EDITOR).first()
        if link is not None:
            return link.group
        name = roles.ROLES_BY_KEY[roles.EDITOR].name
    if name in roles.ROLES_BY_KEY:
        category = NewsCategoryPage.objects.filter(slug=DEMO_CATEGORY).first()
        link = CategoryGroup.objects.filter(category=category, role=name).first()
        if link is not None:
            return link.group
        name = roles.ROLES_BY_KEY[name].name  # no demo category: the whole-site role
    return Group.objects.get_or_create(name=name)[0]


def ensure_demo_users():
    """The demo accounts, each with a random password kept only in var/ (mode 0600).

    Returns [(username, role, password or None when it was changed since), …]."""
    User = get_user_model()
    saved = _saved_passwords()
    result = []
    for username, role, full_name, groups in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            first, last = full_name
            user = User(username=username, email=f"{username}@example.invalid",
                        first_name=first, last_name=last)
            saved[username] = random_password(user)
            user.set_password(saved[username])
            user.save()
            for name in groups:
                user.groups.add(_demo_group(name))
        password = saved.get(username)
        result.append((username, role,
                       password if password and user.check_password(password) else None))
    CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(CREDENTIALS_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"accounts": saved}, handle)
    return result


PENDING_TITLE = "Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2026"


def build_pending_article():
    """One article the demo writer wrote and submitted: the demo editor finds it waiting on
    their dashboard ("Chờ bạn duyệt"), the leader after the editor passes it on."""
    User = get_user_model()
    writer = User.objects.filter(username="phongvien").first()
    category = NewsCategoryPage.objects.filter(slug=DEMO_CATEGORY).first()
    if writer is None or category is None or \
            NewsArticlePage.objects.filter(slug=slugify_vi(PENDING_TITLE)).exists():
        return None
    article = NewsArticlePage(
        title=PENDING_TITLE, owner=writer, live=False, published_at=timezone.now(),
        sapo="Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết hoạt động khoa học và công "
             "nghệ năm 2026 và triển khai nhiệm vụ năm 2027.",
        body=[{"type": "paragraph", "value": "<p>Bản thảo chờ biên tập và phê duyệt.</p>"}],
        author_name="Lan Phóng viên", featured_image=demo_image(4))
    category.add_child(instance=article)
    article.save_revision(user=writer)
    article.get_workflow().start(article, writer)
    return article
