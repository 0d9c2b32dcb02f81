"""An editor writes an article with a captioned photo in the Wagtail admin, in Vietnamese."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage, NewsCategoryPage

from .conftest import publish_child


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.invalid", "x" * 12)
    client.force_login(user)
    return client


def article_form(image, **overrides):
    data = {
        "title": "Hội thảo chuyển đổi số năm 2026",
        "slug": "",
        "sapo": "Tóm tắt hội thảo.",
        "published_at": "2026-11-20 08:30",
        "body": streamfield([
            ("paragraph", rich_text("<p>Đoạn mở đầu của bài.</p>")),
            ("photo", {"image": image.pk, "caption": "Quang cảnh hội thảo", "alt_text": "",
                       "credit": "", "original_src": ""}),
        ]),
        "author_name": "An Nhiên",
        "source": "",
        "tags": "Chuyển đổi số, Hội thảo",
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
        "portlet_assignments": inline_formset([]),
        "portlet_blocks": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_is_in_vietnamese(editor_client, category):
    html = editor_client.get(f"/admin/pages/add/news/newsarticlepage/{category.pk}/").content.decode()
    assert 'lang="vi"' in html
    for label in ["Tiêu đề", "sapo (tóm tắt)", "Ngày đăng", "Ảnh đại diện", "Tác giả và nguồn",
                  "Xuất bản", "Lưu bản nháp"]:
        assert label.lower() in html.lower(), label


def test_editor_publishes_an_article_with_a_captioned_photo(editor_client, category, image,
                                                            client):
    response = editor_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                  {**article_form(image), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    article = NewsArticlePage.objects.get()
    assert article.live and article.slug == "hoi-thao-chuyen-doi-so-nam-2026"
    assert [block.block_type for block in article.body] == ["paragraph", "photo"]
    assert article.body[1].value["caption"] == "Quang cảnh hội thảo"
    assert sorted(tag.slug for tag in article.tags.all()) == ["chuyen-doi-so", "hoi-thao"]
    html = client.get(article.url).content.decode()
    assert "<figcaption>Quang cảnh hội thảo</figcaption>" in html


def test_an_article_never_takes_the_address_of_its_category_feed(editor_client, category,
                                                                  image, client):
    url = f"/admin/pages/add/news/newsarticlepage/{category.pk}/"
    response = editor_client.post(url, {**article_form(image), "title": "RSS",
                                        "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NewsArticlePage.objects.get().slug == "rss-2"  # made from the title, "rss" skipped
    response = editor_client.post(url, {**article_form(image), "title": "Bản tin", "slug": "RSS",
                                        "action-publish": "publish"})
    assert response.status_code == 200
    assert "Địa chỉ “rss” đã dành cho" in response.content.decode()
    assert client.get(category.url + "rss/")["Content-Type"].startswith("application/rss+xml")


def test_no_copy_move_or_save_puts_a_page_at_the_address_of_a_feed(admin_client, category,
                                                                   make_article):
    from django.core.exceptions import ValidationError

    article = make_article(title="Bản tin")
    for slug in ("rss", "RSS"):
        response = admin_client.post(f"/admin/pages/{article.pk}/copy/", {
            "new_title": "Bản sao", "new_slug": slug, "new_parent_page": category.pk})
        assert response.status_code == 200
        assert f"Địa chỉ “{slug}” đã dành cho" in response.content.decode()
    other = publish_child(category.get_parent(), NewsCategoryPage(title="Thông báo"))
    stray = publish_child(other, NewsArticlePage(title="RSS", published_at=article.published_at))
    assert stray.slug == "rss-2"  # made from the title, "rss" skipped
    with pytest.raises(ValidationError):
        publish_child(other, NewsArticlePage(title="Tin", slug="rss",
                                             published_at=article.published_at))
    NewsArticlePage.objects.filter(pk=stray.pk).update(slug="rss")  # as an old database holds
    stray = NewsArticlePage.objects.get(pk=stray.pk)
    assert not stray.can_move_to(category)
    response = admin_client.get(f"/admin/pages/{stray.pk}/move/{category.pk}/confirm/",
                                follow=True)
    assert "Địa chỉ “rss” đã dành cho" in response.content.decode()
    admin_client.post(f"/admin/pages/{stray.pk}/move/{category.pk}/confirm/")
    assert NewsArticlePage.objects.get(pk=stray.pk).get_parent().pk == other.pk
    stray.title = "Tin sửa"
    with pytest.raises(ValidationError):
        stray.save_revision().publish()


def test_a_photo_without_an_image_is_refused_with_a_vietnamese_message(editor_client, category,
                                                                       image):
    data = article_form(image)
    data["body-1-value-image"] = ""
    response = editor_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                  {**data, "action-publish": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không thể tạo trang do có lỗi dữ liệu." in html
    # block errors travel to the editor's script as JSON
    assert json.dumps("Hãy chọn ảnh.")[1:-1] in html
    assert not NewsArticlePage.objects.exists()


def test_pasted_script_in_rich_text_is_not_stored(editor_client, category, image, client):
    data = article_form(image)
    data["body-0-value"] = rich_text(
        '<p>Chữ <b onclick="alert(3)">đậm</b><script>alert(1)</script> '
        '<a href="javascript:alert(2)">x</a></p>')
    response = editor_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                  {**data, "action-publish": "publish"})
    assert response.status_code == 302
    html = client.get(NewsArticlePage.objects.get().url).content.decode()
    body = html[html.index('class="article-body"'):]
    assert "<b>đậm</b>" in body
    for bad in ["<script>alert(1)", "javascript:", "onclick"]:
        assert bad not in body


def test_a_typed_vietnamese_address_is_folded(editor_client, category, image):
    response = editor_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                  {**article_form(image, slug="Hội thảo số"),
                                   "action-publish": "publish"})
    assert response.status_code == 302
    assert NewsArticlePage.objects.get().slug == "hoi-thao-so"


def test_an_empty_address_takes_a_free_one_from_the_title(editor_client, category, image):
    for _ in range(2):
        response = editor_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                      {**article_form(image), "action-publish": "publish"})
        assert response.status_code == 302
    assert sorted(NewsArticlePage.objects.values_list("slug", flat=True)) == [
        "hoi-thao-chuyen-doi-so-nam-2026", "hoi-thao-chuyen-doi-so-nam-2026-2"]


def test_a_decomposed_tag_typed_in_the_admin_reuses_the_tag(editor_client, category, image,
                                                             make_article):
    import unicodedata

    from news.models import ArticleTag

    existing = make_article(title="Bài có sẵn")
    existing.tags.add("Chuyển đổi số")
    existing.save()
    response = editor_client.post(
        f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
        {**article_form(image, tags="Hội thảo, " + unicodedata.normalize("NFD", "Chuyển đổi số")),
         "action-publish": "publish"})
    assert response.status_code == 302
    assert sorted(ArticleTag.objects.values_list("slug", flat=True)) == ["chuyen-doi-so",
                                                                         "hoi-thao"]
