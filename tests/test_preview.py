"""Previews show a page as it would look, for every page type: the editor's live preview of a new
or edited page, the draft view, an old revision and the reviewer's preview in the workflow. A page
built from a form or a revision keeps its tags and related articles in memory (modelcluster),
not in the database, so nothing that renders a page may query them as if they were stored."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsArticlePage, NewsCategoryPage
from pages.models import StandardPage

from .conftest import publish_child


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.invalid", "x" * 12)
    client.force_login(user)
    return client


def article_form(title="Bài xem trước", tags="", related=(), body="<p>Đoạn xem trước.</p>"):
    return nested_form_data({
        "title": title, "slug": "", "sapo": "Tóm tắt xem trước.",
        "published_at": "2026-11-20 08:30",
        "body": streamfield([("paragraph", rich_text(body))]),
        "author_name": "An Nhiên", "source": "", "tags": tags, "go_live_at": "", "expire_at": "",
        "related_links": inline_formset([{"article": pk} for pk in related]),
        "comments": inline_formset([]), "portlet_assignments": inline_formset([]),
        "portlet_blocks": inline_formset([]),
    })


def simple_form(model, title, **fields):
    """Form data for a home, category or standard page."""
    data = {"title": title, "slug": "", "intro": "Giới thiệu xem trước.", "go_live_at": "",
            "expire_at": "", "comments": inline_formset([]),
            "portlet_assignments": inline_formset([]), "portlet_blocks": inline_formset([]),
            **fields}
    if model is StandardPage:
        data["body"] = streamfield([("paragraph", rich_text("<p>Thân trang xem trước.</p>"))])
    return nested_form_data(data)


def live_preview(client, url, data):
    """What the editor's preview panel does: post the form, then load the preview."""
    posted = client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:1000]
    return client.get(url)


def assert_shows(response, *texts):
    assert response.status_code == 200, response.content.decode()[:3000]
    html = response.content.decode()
    for text in texts:
        assert text in html, text


@pytest.fixture
def tagged_pair(make_article):
    """A live article tagged "Chuyển đổi số", which a new article with that tag relates to."""
    other = make_article(title="Bài cùng chủ đề")
    other.tags.add("Chuyển đổi số")
    other.save_revision().publish()
    return other


@pytest.mark.parametrize("tags,related", [("", False), ("Chuyển đổi số, Hội thảo", False),
                                          ("Chuyển đổi số", True)])
def test_live_preview_of_a_new_article(admin_client, category, tagged_pair, tags, related):
    url = f"/admin/pages/add/news/newsarticlepage/{category.pk}/preview/"
    response = live_preview(admin_client, url, article_form(
        tags=tags, related=[tagged_pair.pk] if related else []))
    assert_shows(response, "Bài xem trước", "Đoạn xem trước.")
    if tags or related:  # chosen or found through the shared tag
        assert_shows(response, "Bài cùng chủ đề")


@pytest.mark.parametrize("tags,related", [("", False), ("Chuyển đổi số", False),
                                          ("Hội thảo", True)])
def test_live_preview_of_an_edited_article(admin_client, make_article, tagged_pair, tags,
                                           related):
    article = make_article(title="Bài đã đăng")
    url = f"/admin/pages/{article.pk}/edit/preview/"
    response = live_preview(admin_client, url, article_form(
        title="Bài đã sửa", tags=tags, related=[tagged_pair.pk] if related else []))
    assert_shows(response, "Bài đã sửa")
    if tags == "Chuyển đổi số" or related:
        assert_shows(response, "Bài cùng chủ đề")


def test_draft_and_revision_views_of_a_tagged_article_with_related_articles(
        admin_client, category, tagged_pair):
    response = admin_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                 article_form(tags="Chuyển đổi số, Tag mới chưa có",
                                              related=[tagged_pair.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = NewsArticlePage.objects.get(title="Bài xem trước")
    assert not draft.live
    first_revision = draft.latest_revision
    response = admin_client.post(f"/admin/pages/{draft.pk}/edit/",
                                 article_form(title="Bài xem trước, sửa lần hai",
                                              tags="Chuyển đổi số"))
    assert response.status_code == 302

    assert_shows(admin_client.get(f"/admin/pages/{draft.pk}/view_draft/"),
                 "Bài xem trước, sửa lần hai", "Bài cùng chủ đề")
    assert_shows(admin_client.get(f"/admin/pages/{draft.pk}/revisions/{first_revision.pk}/view/"),
                 "Bài xem trước", "Bài cùng chủ đề")
    compare = f"/admin/pages/{draft.pk}/revisions/compare/earliest...latest/"
    assert admin_client.get(compare).status_code == 200


def test_the_reviewer_sees_the_article_in_the_workflow_preview(admin_client, category,
                                                               tagged_pair):
    response = admin_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                 {**article_form(tags="Chuyển đổi số"),
                                  "action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = NewsArticlePage.objects.get(title="Bài xem trước")
    state = draft.current_workflow_state
    assert state is not None and state.workflow == Workflow.objects.get(name="Duyệt tin bài")
    task = state.current_task_state.task
    assert_shows(admin_client.get(f"/admin/pages/workflow/preview/{draft.pk}/{task.pk}/"),
                 "Bài xem trước", "Bài cùng chủ đề")


@pytest.mark.parametrize("kind", ["home", "category", "standard"])
def test_every_other_page_type_previews_new_and_edited(admin_client, home, news_root, kind):
    model, parent, existing = {
        "home": (None, None, home),
        "category": (NewsCategoryPage, news_root,
                     lambda: publish_child(news_root, NewsCategoryPage(title="Chuyên mục cũ"))),
        "standard": (StandardPage, home,
                     lambda: publish_child(home, StandardPage(title="Trang cũ"))),
    }[kind]
    if model is not None:  # a new page of this type, previewed before it is first saved
        label = model._meta.app_label, model._meta.model_name
        url = f"/admin/pages/add/{label[0]}/{label[1]}/{parent.pk}/preview/"
        assert_shows(live_preview(admin_client, url, simple_form(model, "Trang mới xem trước")),
                     "Trang mới xem trước")
        existing = existing()
    page = existing.specific
    assert_shows(live_preview(admin_client, f"/admin/pages/{page.pk}/edit/preview/",
                              simple_form(type(page), "Tiêu đề đã sửa")), "Tiêu đề đã sửa")
    page.title = "Bản nháp chưa đăng"
    page.save_revision()
    assert_shows(admin_client.get(f"/admin/pages/{page.pk}/view_draft/"), "Bản nháp chưa đăng")
    revision = Page.objects.get(pk=page.pk).latest_revision
    assert_shows(admin_client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/"),
                 "Bản nháp chưa đăng")


@pytest.mark.parametrize("typed,expected", [("20/11/2026 08:30", (2026, 11, 20, 8, 30)),
                                            ("05/11/2026 17:04", (2026, 11, 5, 17, 4))])
def test_dates_as_the_admin_date_picker_writes_them(admin_client, category, typed, expected):
    """The picker writes day first (WAGTAIL_DATETIME_FORMAT): a preview and a save read it so,
    never as month first (5 November, not 11 May) and never as an invalid date."""
    from zoneinfo import ZoneInfo

    data = {**article_form(), "published_at": typed}
    url = f"/admin/pages/add/news/newsarticlepage/{category.pk}/preview/"
    assert_shows(live_preview(admin_client, url, data), "Bài xem trước")
    response = admin_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = NewsArticlePage.objects.get().published_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (stored.year, stored.month, stored.day, stored.hour, stored.minute) == expected
