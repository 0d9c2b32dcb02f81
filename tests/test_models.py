import unicodedata

import pytest

from core.models import SiteSettings
from news.models import ArticleTag, NewsArticlePage

from .conftest import publish_child

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


def test_article_text_is_stored_in_nfc(category, image):
    title, sapo = "Tỉnh ủy Hậu Giang quán triệt Nghị quyết", "Hội nghị được tổ chức trực tuyến."
    body = [
        {"type": "paragraph", "value": f"<p>{NFD('Đảng viên và quần chúng Nhân dân')}</p>"},
        {"type": "photo", "value": {"image": image.pk, "caption": NFD("Quang cảnh Hội nghị"),
                                    "alt_text": "", "credit": "", "missing": False,
                                    "original_src": ""}},
    ]
    article = publish_child(category, NewsArticlePage(
        title=NFD(title), sapo=NFD(sapo), body=body, author_name=NFD("An Nhiên")))
    article = NewsArticlePage.objects.get(pk=article.pk)
    assert article.title == title and is_nfc(article.title)
    assert article.sapo == sapo
    assert article.author_name == "An Nhiên"
    assert article.body[0].value.source == "<p>Đảng viên và quần chúng Nhân dân</p>"
    assert article.body[1].value["caption"] == "Quang cảnh Hội nghị"
    # the published revision, which previews and history read, is NFC as well
    assert article.live_revision.content["title"] == title


def test_drafts_are_normalized_too(category, make_article):
    article = make_article(title="Bản nháp")
    article.title = NFD("Hòa bình và hoà hợp")
    article.save_revision()
    draft = article.get_latest_revision_as_object()
    assert draft.title == "Hòa bình và hoà hợp"  # NFC, spelling as the author wrote it


def test_slug_is_folded_from_the_vietnamese_title(category):
    article = publish_child(category, NewsArticlePage(title="Đảng bộ tỉnh Hậu Giang đổi mới"))
    assert article.slug == "dang-bo-tinh-hau-giang-doi-moi"
    twin = publish_child(category, NewsArticlePage(title="Đảng bộ tỉnh Hậu Giang đổi mới"))
    assert twin.slug == "dang-bo-tinh-hau-giang-doi-moi-2"


def test_a_typed_vietnamese_slug_is_folded_to_ascii(category):
    article = publish_child(category, NewsArticlePage(title="Tin", slug="tin-tức-đặc-biệt"))
    assert article.slug == "tin-tuc-dac-biet"
    assert article.url == f"/tin-tuc/{category.slug}/tin-tuc-dac-biet/"


def test_tag_slugs_are_folded_and_names_kept(category, make_article):
    article = make_article()
    article.tags.add(NFD("Chuyển đổi số"))
    article.save()
    tag = ArticleTag.objects.get()
    assert tag.name == "Chuyển đổi số"
    assert tag.slug == "chuyen-doi-so"


def test_a_decomposed_tag_finds_the_existing_tag(category, make_article):
    first = make_article()
    first.tags.add("Chuyển đổi số")
    first.save()
    second = make_article()
    second.tags.set([NFD("Chuyển đổi số"), "Hội thảo"])
    second.save_revision().publish()
    assert ArticleTag.objects.count() == 2
    assert set(second.tags.values_list("name", flat=True)) == {"Chuyển đổi số", "Hội thảo"}


@pytest.mark.django_db
def test_site_settings_are_nfc(home):
    from wagtail.models import Site

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.agency_name = NFD("Sở Khoa học và Công nghệ")
    settings.save()
    settings.refresh_from_db()
    assert settings.agency_name == "Sở Khoa học và Công nghệ"


def test_photo_and_document_titles_are_stored_nfc(db):
    import io

    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from .conftest import jpeg_bytes

    image = get_image_model()(title=NFD("Quang cảnh Hội nghị"))
    image.file = ImageFile(io.BytesIO(jpeg_bytes()), name="anh.jpg")
    image.save()
    document = get_document_model()(title=NFD("Kế hoạch năm 2026"))
    document.file = ContentFile(b"%PDF-1.4", name="ke-hoach.pdf")
    document.save()
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.title == "Quang cảnh Hội nghị" and document.title == "Kế hoạch năm 2026"


def test_the_byline_falls_back_to_the_authors_account(client, make_article):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("thuha", first_name="Thu", last_name="Hà")
    article = make_article(title="Bài của phóng viên", author=user)
    html = client.get(article.url).content.decode()
    assert '<p class="byline">Thu Hà</p>' in html
