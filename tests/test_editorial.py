"""The editorial workflow as the agency works: a writer drafts and submits, the category's editor
edits and passes it on (or sends it back with a comment), a leader approves and it goes public;
nobody else can, and the server refuses what a role may not do (403, not a hidden button)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from editorial import roles
from editorial.management.commands.run_scheduler import run_round
from editorial.models import CategoryGroup, ReviewTask
from news.models import NewsArticlePage, NewsCategoryPage
from search.models import SearchDocument

from .conftest import client_for, make_user, publish_child, section_group

User = get_user_model()


@pytest.fixture
def other_category(news_root):
    return publish_child(news_root, NewsCategoryPage(title="Khoa học - Công nghệ"))


@pytest.fixture
def people(category, other_category):
    """One user per role, the writer and the editor in `category` only; an editor of the other
    category; the leader and the administrator of the whole site."""
    return {
        "writer": make_user("phongvien", section_group(category, roles.WRITER)),
        "editor": make_user("bientap", section_group(category, roles.EDITOR)),
        "other_editor": make_user("bientapkhac", section_group(other_category, roles.EDITOR)),
        "approver": make_user("lanhdao", Group.objects.get(name="Lãnh đạo duyệt tin")),
        "admin": make_user("quantri", Group.objects.get(name="Quản trị")),
    }


def article_data(title="Hội thảo chuyển đổi số", body="<p>Nội dung bài viết.</p>", **extra):
    return nested_form_data({
        "title": title, "slug": "", "sapo": "Tóm tắt.", "published_at": "2026-11-20 08:30",
        "body": streamfield([("paragraph", rich_text(body))]),
        "author_name": "", "source": "", "tags": "",
        "go_live_at": "", "expire_at": "",
        "related_links": inline_formset([]), "comments": inline_formset([]),
        "portlet_assignments": inline_formset([]), "portlet_blocks": inline_formset([]),
        **extra,
    })


def add_url(parent):
    return f"/admin/pages/add/news/newsarticlepage/{parent.pk}/"


def action_url(page, action):
    state = TaskState.objects.get(workflow_state__object_id=str(page.pk),
                                  status=TaskState.STATUS_IN_PROGRESS)
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/"


def assert_refused(response):
    """Refused on the server with a 403 and a page that says so in Vietnamese."""
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không được phép" in html or "quyền" in html, html[:500]


def current_task_name(page):
    page.refresh_from_db()
    task = page.current_workflow_task
    return task.name if task else None


def test_migration_creates_the_roles_and_the_two_step_workflow(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Cộng tác viên / Phóng viên", "Biên tập viên", "Lãnh đạo duyệt tin",
            "Quản trị"} <= names
    assert not {"Editors", "Moderators"} & names  # Wagtail's English defaults are gone
    workflow = Workflow.objects.get(active=True)
    assert [(task.name, task.specific.permission) for task in workflow.tasks.all()] == [
        ("Biên tập", "change"), ("Phê duyệt", "publish")]
    assert workflow.workflow_pages.get().page.depth == 1  # the whole site
    publishers = Group.objects.filter(page_permissions__permission__codename="publish_page")
    assert set(publishers.values_list("name", flat=True)) <= {
        "Lãnh đạo duyệt tin"} | {g.name for g in Group.objects.filter(
            category_role__role=roles.APPROVER)}


def test_each_category_gets_its_groups_renamed_with_it(category):
    names = sorted(CategoryGroup.objects.filter(category=category)
                   .values_list("group__name", flat=True))
    assert names == ["Biên tập viên · Tin hoạt động", "Cộng tác viên / Phóng viên · Tin hoạt động",
                     "Lãnh đạo duyệt tin · Tin hoạt động"]
    category.title = "Tin hoạt động của Sở"
    category.save_revision().publish()
    assert section_group(category, roles.EDITOR).name == "Biên tập viên · Tin hoạt động của Sở"
    group_ids = list(CategoryGroup.objects.filter(category=category).values_list("group", flat=True))
    category.delete()
    assert not Group.objects.filter(pk__in=group_ids).exists()


def test_an_article_walks_the_whole_workflow_with_a_rejection(people, category, client):
    writer, editor = client_for(people["writer"]), client_for(people["editor"])
    approver = client_for(people["approver"])

    # the writer drafts and submits; the category's editor is told, the other editor is not
    response = writer.post(add_url(category), {**article_data(), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    article = NewsArticlePage.objects.get()
    assert not article.live and current_task_name(article) == "Biên tập"
    recipients = {address for message in mail.outbox for address in message.to}
    assert "bientap@example.invalid" in recipients
    assert "bientapkhac@example.invalid" not in recipients
    assert "phongvien@example.invalid" not in recipients
    assert client.get(f"/tin-tuc/tin-hoat-dong/{article.slug}/").status_code == 404

    # the editor's dashboard lists it as waiting; the other editor's does not
    assert article.title in editor.get("/admin/").content.decode()
    assert article.title not in client_for(people["other_editor"]).get("/admin/").content.decode()

    # the other category's editor cannot act on it, nor can the writer
    for outsider in (client_for(people["other_editor"]), writer):
        assert_refused(outsider.post(action_url(article, "approve"), {"comment": ""}))
    assert current_task_name(article) == "Biên tập"

    # the editor sends it back with a comment; the writer gets the comment by e-mail
    mail.outbox.clear()
    response = editor.post(action_url(article, "reject"), {"comment": "Thiếu nguồn tin, bổ sung."})
    assert response.status_code == 302
    article.refresh_from_db()
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [["phongvien@example.invalid"]]
    assert "Thiếu nguồn tin, bổ sung." in mail.outbox[0].body

    # the writer fixes it and resubmits; the editor approves with an edit of their own
    response = writer.post(f"/admin/pages/{article.pk}/edit/",
                           {**article_data(source="Sở KH&CN"), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert current_task_name(article) == "Biên tập"
    response = editor.post(f"/admin/pages/{article.pk}/edit/",
                           article_data(title="Hội thảo chuyển đổi số năm 2026",
                                        source="Sở KH&CN"))
    assert response.status_code == 302
    mail.outbox.clear()
    assert editor.post(action_url(article, "approve"), {"comment": ""}).status_code == 302
    assert current_task_name(article) == "Phê duyệt"
    assert "lanhdao@example.invalid" in {a for m in mail.outbox for a in m.to}
    assert not article.live

    # the editor cannot do the leader's step
    assert_refused(editor.post(action_url(article, "approve"), {"comment": ""}))
    assert current_task_name(article) == "Phê duyệt"

    # the leader approves: the page is public, with the editor's title, and findable
    assert approver.post(action_url(article, "approve"), {"comment": "Đồng ý."}).status_code == 302
    article.refresh_from_db()
    assert article.live and article.title == "Hội thảo chuyển đổi số năm 2026"
    assert client.get(article.url).status_code == 200
    assert SearchDocument.objects.filter(page=article).exists()

    # the audit log says who did what
    actions = list(PageLogEntry.objects.filter(page=article).order_by("timestamp", "pk")
                   .values_list("action", "user__username"))
    for expected in [("wagtail.create", "phongvien"), ("wagtail.workflow.start", "phongvien"),
                     ("wagtail.workflow.reject", "bientap"), ("wagtail.edit", "bientap"),
                     ("wagtail.workflow.approve", "bientap"),
                     ("wagtail.workflow.approve", "lanhdao"), ("wagtail.publish", "lanhdao")]:
        assert expected in actions, (expected, actions)
    history = approver.get("/admin/reports/site-history/").content.decode()
    assert article.title in history


def test_writers_and_editors_cannot_publish_even_by_posting_the_button(people, category):
    for role in ("writer", "editor"):
        response = client_for(people[role]).post(
            add_url(category), {**article_data(title=f"Bài của {role}"), "action-publish": "1"})
        assert response.status_code == 403, role
    assert not NewsArticlePage.objects.exists()
    article = publish_child(category, NewsArticlePage(title="Bài đã đăng",
                                                      published_at=timezone.now()))
    response = client_for(people["editor"]).post(
        f"/admin/pages/{article.pk}/edit/", {**article_data(title="Sửa lén"), "action-publish": "1"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Bài đã đăng"
    assert client_for(people["editor"]).post(f"/admin/pages/{article.pk}/unpublish/",
                                             {}).status_code == 403
    assert NewsArticlePage.objects.get(pk=article.pk).live
    # the leader may publish directly
    response = client_for(people["approver"]).post(
        add_url(category), {**article_data(title="Thông báo của lãnh đạo"), "action-publish": "1"})
    assert response.status_code == 302
    assert NewsArticlePage.objects.get(title="Thông báo của lãnh đạo").live


def test_rights_stop_at_the_category(people, category, other_category, make_article):
    mine = make_article("Bài trong chuyên mục")
    theirs = make_article("Bài chuyên mục khác", parent=other_category)
    writer, editor = client_for(people["writer"]), client_for(people["editor"])
    # an editor edits any page of their category, not another's
    assert editor.get(f"/admin/pages/{mine.pk}/edit/").status_code == 200
    assert editor.get(f"/admin/pages/{theirs.pk}/edit/").status_code == 403
    assert editor.get(add_url(other_category)).status_code == 403
    # a writer adds in their category but edits only their own pages
    assert writer.get(add_url(category)).status_code == 200
    assert writer.get(add_url(other_category)).status_code == 403
    assert writer.get(f"/admin/pages/{mine.pk}/edit/").status_code == 403
    assert writer.post(f"/admin/pages/{mine.pk}/delete/").status_code == 403
    assert NewsArticlePage.objects.filter(pk=mine.pk).exists()


def test_the_administrator_runs_the_site_but_does_not_publish(people, home, make_article):
    admin = client_for(people["admin"])
    article = make_article("Bài viết")
    assert admin.get(f"/admin/settings/core/sitesettings/{home.get_site().pk}/").status_code == 200
    assert admin.get("/admin/users/").status_code == 200
    assert admin.get("/admin/snippets/portlets/portlet/").status_code == 200
    assert admin.get("/admin/redirects/").status_code == 200
    assert admin.get("/admin/settings/accounts/securitysettings/",
                     follow=True).status_code == 200
    assert admin.get(f"/admin/pages/{article.pk}/edit/").status_code == 403
    assert admin.post(f"/admin/pages/{article.pk}/unpublish/", {}).status_code == 403
    # roles and the workflow are a superuser's: no way to give oneself the right to publish
    for url in ("/admin/groups/", "/admin/workflows/list/",
                f"/admin/users/edit/{people['admin'].pk}/"):
        assert_refused(admin.get(url))
    # the others cannot manage users or settings
    for role in ("writer", "editor", "approver"):
        other = client_for(people[role])
        for url in ("/admin/users/", "/admin/users/new/", "/admin/groups/",
                    "/admin/settings/accounts/securitysettings/",
                    f"/admin/settings/core/sitesettings/{home.get_site().pk}/"):
            assert_refused(other.get(url, follow=True))
        assert_refused(other.post("/admin/users/new/", {"username": "hacker"}))
    assert not User.objects.filter(username="hacker").exists()


def test_revisions_can_be_compared_and_reverted(people, category, make_article):
    article = make_article("Tiêu đề cũ")
    first = article.latest_revision
    article.title = "Tiêu đề mới"
    article.save_revision(user=people["editor"]).publish()
    second = Revision.page_revisions.filter(object_id=str(article.pk)).latest("created_at")
    editor = client_for(people["editor"])
    response = editor.get(f"/admin/pages/{article.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    # a word diff of the title: "cũ" struck out, "mới" added
    assert re.search(r'class="deletion">\s*cũ\s*<', html) and \
        re.search(r'class="addition">\s*mới\s*<', html), html[html.find("<main"):][:5000]
    response = editor.get(f"/admin/pages/{article.pk}/revisions/{first.pk}/revert/")
    assert response.status_code == 200 and 'value="Tiêu đề cũ"' in response.content.decode()
    other = client_for(people["other_editor"])
    assert other.get(f"/admin/pages/{article.pk}/revisions/{first.pk}/revert/").status_code == 403


def test_an_approved_article_with_a_go_live_time_waits_then_expires(people, category, client):
    """Scheduled go-live through the workflow, then expiry, by the scheduler's rounds."""
    writer = client_for(people["writer"])
    go_live = timezone.localtime() + timedelta(hours=2)
    data = article_data(title="Thông báo lịch nghỉ Tết",
                        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
                        expire_at=(go_live + timedelta(days=3)).strftime("%Y-%m-%d %H:%M"))
    assert writer.post(add_url(category), {**data, "action-submit": "1"}).status_code == 302
    article = NewsArticlePage.objects.get()
    client_for(people["editor"]).post(action_url(article, "approve"), {"comment": ""})
    client_for(people["approver"]).post(action_url(article, "approve"), {"comment": ""})
    article.refresh_from_db()
    assert not article.live and article.approved_schedule  # approved, waiting for its time
    assert run_round()
    assert not NewsArticlePage.objects.get(pk=article.pk).live

    # two hours later (the revision's own go-live time moves back with it)
    revision = article.latest_revision
    assert revision.approved_go_live_at
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    assert run_round()
    article.refresh_from_db()
    assert article.live and client.get(article.url).status_code == 200
    assert SearchDocument.objects.filter(page=article).exists()

    NewsArticlePage.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1))
    assert run_round()
    article.refresh_from_db()
    assert not article.live and article.expired
    assert client.get(article.url).status_code == 404
    assert not SearchDocument.objects.filter(page=article).exists()


def test_a_second_scheduler_waits_for_the_first(db):
    """While one scheduler holds the round's lock, another skips its round."""
    import fcntl

    from django.db import connection

    from editorial.management.commands import run_scheduler

    if connection.vendor == "postgresql":  # another session holds the advisory lock
        import psycopg

        params = connection.settings_dict
        other = psycopg.connect(host=params["HOST"], port=params["PORT"] or 5432,
                                user=params["USER"], dbname=params["NAME"], autocommit=True)
        other.execute("SELECT pg_advisory_lock(%s)", [run_scheduler.ADVISORY_LOCK_ID])
        assert run_round() is False
        other.execute("SELECT pg_advisory_unlock(%s)", [run_scheduler.ADVISORY_LOCK_ID])
        other.close()
    else:
        path = run_scheduler.lock_file_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            assert run_round() is False
    assert run_round() is True


def test_the_review_task_is_offered_in_the_workflow_admin(db):
    admin = client_for(User.objects.create_superuser("sieu", "s@example.invalid", "x"))
    response = admin.get("/admin/workflows/tasks/add/editorial/reviewtask/")
    assert response.status_code == 200
    assert 'name="permission"' in response.content.decode()
    assert ReviewTask.objects.filter(active=True).count() == 2


def test_scheduler_command_runs_once(db, make_article):
    article = make_article("Bài hẹn giờ", live=False)
    revision = article.latest_revision
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    NewsArticlePage.objects.filter(pk=article.pk).update(has_unpublished_changes=True)
    call_command("run_scheduler", "--once")
    assert NewsArticlePage.objects.get(pk=article.pk).live


def user_form(username, **extra):
    return {"username": username, "email": f"{username}@example.invalid", "first_name": "A",
            "last_name": "B", "password1": "Mk-Manh-1234x", "password2": "Mk-Manh-1234x",
            "is_active": "on", **extra}


def test_the_administrator_cannot_raise_anyones_rights_to_superuser(people):
    admin = client_for(people["admin"])
    boss = User.objects.create_superuser("sieuquantri", "s@example.invalid", "Mk-" + "x1" * 6)
    # a new superuser, a writer promoted, a superuser's password reset: all refused
    assert_refused(admin.post("/admin/users/new/", user_form("moi", is_superuser="on")))
    assert not User.objects.filter(username="moi").exists()
    writer = people["writer"]
    assert_refused(admin.post(f"/admin/users/edit/{writer.pk}/",
                              user_form(writer.username, is_superuser="on")))
    assert_refused(admin.post(f"/admin/users/edit/{boss.pk}/", user_form("sieuquantri")))
    assert_refused(admin.post(f"/admin/users/delete/{boss.pk}/"))
    writer.refresh_from_db()
    boss.refresh_from_db()
    assert not writer.is_superuser and boss.check_password("Mk-" + "x1" * 6)
    # nor their own roles
    approvers = Group.objects.get(name="Lãnh đạo duyệt tin")
    assert_refused(admin.post(f"/admin/users/edit/{people['admin'].pk}/",
                              user_form("quantri", groups=[approvers.pk])))
    assert not people["admin"].groups.filter(pk=approvers.pk).exists()
    # nor give anyone the right to publish or to manage accounts, nor take over such an account
    leader = people["approver"]
    for group_name in ("Lãnh đạo duyệt tin", "Quản trị"):
        group = Group.objects.get(name=group_name)
        assert_refused(admin.post("/admin/users/new/", user_form("giamao", groups=[group.pk])))
        assert_refused(admin.post(f"/admin/bulk/auth/user/assign_role/?id={writer.pk}",
                                  {"role": group.pk}))
    category_leaders = section_group(people["writer"].groups.get().category_role.category,
                                      roles.APPROVER)
    assert_refused(admin.post("/admin/users/new/", user_form("giamao",
                                                             groups=[category_leaders.pk])))
    assert_refused(admin.post(f"/admin/users/edit/{leader.pk}/", user_form("lanhdao")))
    assert not User.objects.filter(username="giamao").exists()
    assert not writer.groups.filter(name__in=["Lãnh đạo duyệt tin", "Quản trị"]).exists()
    leader.refresh_from_db()
    assert leader.check_password("Mk-" + "x1" * 6)
    # but they do manage ordinary accounts and give them roles
    response = admin.post("/admin/users/new/", user_form("nguoimoi", groups=[
        section_group(people["writer"].groups.get().category_role.category, roles.WRITER).pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="nguoimoi")
    assert not created.is_superuser and created.groups.count() == 1
    editor_group = section_group(created.groups.get().category_role.category, roles.EDITOR)
    response = admin.post(f"/admin/bulk/auth/user/assign_role/?id={created.pk}",
                          {"role": editor_group.pk})
    assert response.status_code == 302 and created.groups.filter(pk=editor_group.pk).exists()


def test_categories_of_the_same_title_get_groups_of_their_own(news_root, other_category,
                                                              people):
    approver = client_for(people["approver"])
    for parent in (news_root, other_category):
        response = approver.post(f"/admin/pages/add/news/newscategorypage/{parent.pk}/",
                                 nested_form_data({
                                     "title": "Thông báo", "slug": "thong-bao", "intro": "",
                                     "comments": inline_formset([]),
                                     "portlet_assignments": inline_formset([]),
                                     "portlet_blocks": inline_formset([]),
                                     "action-publish": "1"}))
        assert response.status_code == 302, response.content.decode()[:2000]
    first, second = NewsCategoryPage.objects.filter(title="Thông báo").order_by("pk")
    assert section_group(first, roles.EDITOR).name == "Biên tập viên · Thông báo"
    assert section_group(second, roles.EDITOR).name == f"Biên tập viên · Thông báo (#{second.pk})"


def test_a_draft_title_does_not_rename_the_groups(category):
    category.title = "Tên nháp chưa duyệt"
    category.save_revision()
    assert section_group(category, roles.EDITOR).name == "Biên tập viên · Tin hoạt động"


def test_one_failing_scheduled_page_does_not_stop_the_others(category, make_article):
    from editorial.services import publish_due_pages

    past = timezone.now() - timedelta(minutes=1)
    scheduled = []
    for title in ("Bài sẽ lỗi", "Bài đúng hẹn"):
        article = make_article(title, live=False)
        revision = article.latest_revision
        revision.approved_go_live_at = past
        revision.save(update_fields=["approved_go_live_at"])
        scheduled.append((article, revision))
    # the first was scheduled with an address the second page takes before its time comes
    revision = scheduled[0][1]
    revision.content["slug"] = "bai-dung-hen"  # the second article's address
    revision.save(update_fields=["content"])
    done, failed = publish_due_pages()
    assert (done, failed) == (1, 1)
    assert NewsArticlePage.objects.get(pk=scheduled[1][0].pk).live
    assert not NewsArticlePage.objects.get(pk=scheduled[0][0].pk).live
    scheduled[0][1].refresh_from_db()
    assert scheduled[0][1].approved_go_live_at == past  # still scheduled, retried next round


def test_media_on_published_pages_changes_only_with_the_right_to_publish(people, make_article,
                                                                         image):
    image.uploaded_by_user = people["writer"]
    image.save()
    spare = type(image).objects.create(title="Ảnh chưa dùng", file=image.file.name,
                                       width=64, height=48, uploaded_by_user=people["writer"])
    make_article("Bài có ảnh", featured_image=image)
    edit = {"title": "Ảnh bị thay", "collection": image.collection_id, "tags": "",
            "description": ""}
    for role in ("writer", "editor", "other_editor"):
        browser = client_for(people[role])
        response = browser.post(f"/admin/images/{image.pk}/", edit)
        assert_refused(response)
        assert "Bài có ảnh" in response.content.decode()
        assert_refused(browser.post(f"/admin/images/{image.pk}/delete/"))
        assert_refused(browser.post(f"/admin/bulk/wagtailimages/image/delete/?id={image.pk}"))
    # "all" too: the bulk action is checked on the objects Wagtail is about to delete
    assert_refused(client_for(people["writer"]).post(
        "/admin/bulk/wagtailimages/image/delete/?id=all"))
    image.refresh_from_db()
    assert image.title == "Ảnh thử"
    # an upload nobody shows yet stays its owner's to change
    response = client_for(people["writer"]).post(f"/admin/images/{spare.pk}/",
                                                 {**edit, "title": "Ảnh đổi tên"})
    assert response.status_code == 302
    # the leader, who may publish the page, may change the photo
    response = client_for(people["approver"]).post(f"/admin/images/{image.pk}/", edit)
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "Ảnh bị thay"


def test_the_editor_shows_each_role_its_own_buttons(people, category):
    """The buttons follow the rights (the server refuses the rest, tested above)."""
    writer_page = client_for(people["writer"]).get(add_url(category)).content.decode()
    assert 'name="action-submit"' in writer_page and "Gửi" in writer_page
    assert 'name="action-publish"' not in writer_page
    leader_page = client_for(people["approver"]).get(add_url(category)).content.decode()
    assert 'name="action-publish"' in leader_page


def test_the_agency_logo_changes_only_with_the_settings_right(people, home, image):
    from core.models import SiteSettings

    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.logo = image
    settings_row.save()
    edit = {"title": "Logo khác", "collection": image.collection_id, "tags": "", "description": ""}
    for role in ("writer", "editor", "approver"):
        assert_refused(client_for(people[role]).post(f"/admin/images/{image.pk}/", edit))
    assert client_for(people["admin"]).post(f"/admin/images/{image.pk}/", edit).status_code == 302


def test_group_names_stay_free_when_the_suffixed_name_is_taken(news_root):
    from editorial.services import free_group_name
    from editorial.roles import ROLES_BY_KEY

    role = ROLES_BY_KEY[roles.EDITOR]
    Group.objects.create(name="Biên tập viên · Thông báo")
    Group.objects.create(name="Biên tập viên · Thông báo (#7)")
    assert free_group_name(Group, role, "Thông báo", 7) == "Biên tập viên · Thông báo (#7-2)"
