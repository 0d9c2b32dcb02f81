"""Who may download an uploaded file (downloads.selectors): a document or the original of a photo
is public only when a live, public page or an everyone-portlet on one uses it, or someone who
may publish marked it public. Otherwise only those who may see a page that uses it, and the
staff who work with it, get it; everybody else gets a 404, wherever they ask for it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from downloads.models import PublicFile
from editorial import roles
from editorial.models import CategoryGroup
from news.models import NewsArticlePage
from portlets.models import Portlet, PortletAssignment

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
User = get_user_model()


@pytest.fixture
def document(db):
    doc = get_document_model()(title="Quyết định số 12")
    doc.file.save("quyet-dinh-12.pdf", ContentFile(PDF), save=False)
    doc.save()
    return doc


def attach(document):
    return [{"type": "document", "value": {"document": document.pk, "title": ""}}]


def outsider():
    return User.objects.create_user("congdan", password="x" * 12)


def member_of(username, group):
    """A user in `group`: a Group, or a role key (editorial.roles) of the category given as
    `group=(category, role)`."""
    if isinstance(group, tuple):
        group = CategoryGroup.objects.get(category=group[0], role=group[1]).group
    user = User.objects.create_user(username, password="x" * 12)
    user.groups.add(group)
    return user


def a_leader():
    return member_of("lanhdao", Group.objects.get(name="Lãnh đạo duyệt tin"))


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def fetch(client, document):
    """The document's file at its address, and at the storage address a web server might serve."""
    response = client.get(document.url)
    stored = client.get(f"/media/{document.file.name}")
    return response, stored


def assert_hidden(client, document):
    response, stored = fetch(client, document)
    assert response.status_code == 404 and stored.status_code == 404
    assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


def assert_served(client, document, public):
    response, stored = fetch(client, document)
    assert response.status_code == 200, response
    assert b"".join(response.streaming_content) == PDF
    assert "Content-Encoding" not in response  # the stored bytes as they are (was "None")
    cache = response["Cache-Control"]
    if public:
        assert "public" in cache
    else:  # neither a shared cache nor the browser of a shared office computer keeps it
        assert "private" in cache and "no-store" in cache and "public" not in cache
    assert stored.status_code == 302 and stored["Location"] == document.url


def test_a_document_on_a_live_public_page_is_public(client, make_article, document):
    make_article(body=attach(document))
    assert_served(client, document, public=True)


def test_a_document_no_page_uses_is_only_for_the_staff(client, document, category):
    assert_hidden(client, document)
    assert_hidden(signed_in(outsider()), document)
    writer = member_of("phongvien", (category, roles.WRITER))
    assert_served(signed_in(writer), document, public=False)


def test_a_document_of_a_sign_in_page_is_for_signed_in_visitors(client, make_article, document):
    article = make_article(body=attach(document))
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert_hidden(client, document)
    assert_served(signed_in(outsider()), document, public=False)


def test_a_document_of_a_group_page_is_for_the_group(client, make_article, document):
    staff = Group.objects.create(name="Cán bộ Sở")
    article = make_article(body=attach(document))
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="groups")
    restriction.groups.add(staff)
    assert_hidden(client, document)
    assert_hidden(signed_in(outsider()), document)
    member = member_of("canbo", staff)
    assert_served(signed_in(member), document, public=False)


def test_a_document_under_a_restricted_section_is_not_public(client, category, make_article,
                                                             document):
    make_article(body=attach(document))
    PageViewRestriction.objects.create(page=category, restriction_type="login")
    assert_hidden(client, document)


def test_a_document_of_a_password_page_is_for_those_who_gave_the_password(client, make_article,
                                                                         document):
    article = make_article(body=attach(document))
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="password",
                                                     password="mat-khau-dung")
    assert_hidden(client, document)
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "mat-khau-dung", "return_url": article.url})
    assert response.status_code == 302
    assert_served(client, document, public=False)


def test_a_document_of_a_never_published_page_is_for_its_editors(client, make_article, document,
                                                                 category):
    make_article(body=attach(document), live=False)
    assert_hidden(client, document)
    assert_hidden(signed_in(outsider()), document)
    editor = member_of("bientap", (category, roles.EDITOR))
    assert_served(signed_in(editor), document, public=False)


def test_a_document_added_in_an_unpublished_draft_stays_private(client, make_article, document):
    article = make_article()
    draft = article.get_latest_revision_as_object()
    draft.body = attach(document)
    draft.save_revision()
    assert_hidden(client, document)
    NewsArticlePage.objects.get(pk=article.pk).get_latest_revision().publish()
    assert_served(client, document, public=True)


def test_unpublishing_the_page_makes_its_document_private_again(client, make_article, document):
    article = make_article(body=attach(document))
    assert_served(client, document, public=True)
    article.unpublish()
    assert_hidden(client, document)


def test_a_document_in_an_everyone_portlet_on_a_public_page_is_public(client, home, document):
    portlet = Portlet.objects.create(title="Thông báo", content=[
        {"type": "notice", "value": {"text": "<p>Thông báo</p>", "document": document.pk}}])
    assert_hidden(client, document)  # not placed anywhere yet
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    assert_served(client, document, public=True)


def test_a_document_in_a_staff_portlet_is_for_the_staff_group(client, home, document):
    staff = Group.objects.create(name="Cán bộ Sở")
    portlet = Portlet.objects.create(title="Nội bộ", visibility="groups", content=[
        {"type": "notice", "value": {"text": "<p>Lịch nội bộ</p>", "document": document.pk}}])
    portlet.groups.add(staff)
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    assert_hidden(client, document)
    assert_hidden(signed_in(outsider()), document)
    member = member_of("canbo", staff)
    assert_served(signed_in(member), document, public=False)


def test_only_those_who_may_publish_mark_a_file_public(client, document, category):
    url = f"/admin/documents/edit/{document.pk}/"
    editor = member_of("bientap", (category, roles.EDITOR))
    form = {"title": document.title, "public": "on"}
    response = signed_in(editor).post(url, form)
    assert response.status_code in (200, 302)
    assert not PublicFile.objects.exists()  # the field is shown disabled to an editor
    assert_hidden(client, document)

    leader = a_leader()
    page = signed_in(leader).get(url).content.decode()
    assert 'name="public"' in page and "Tệp công khai" in page
    response = signed_in(leader).post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_served(client, document, public=True)
    response = signed_in(leader).post(url, {"title": document.title})
    assert response.status_code == 302
    assert_hidden(client, document)


def test_the_edit_form_says_when_a_file_is_public_through_a_page(make_article, document):
    leader = a_leader()
    note = "Hiện tại ai cũng tải được tệp này"
    url = f"/admin/documents/edit/{document.pk}/"
    assert note not in signed_in(leader).get(url).content.decode()
    make_article(body=attach(document))
    assert note in signed_in(leader).get(url).content.decode()


def test_a_writer_cannot_replace_the_file_of_a_document_marked_public(client, category):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile

    writer = member_of("phongvien", (category, roles.WRITER))
    document = get_document_model()(title="Biểu mẫu", uploaded_by_user=writer)
    document.file.save("bieu-mau.pdf", ContentFile(PDF), save=False)
    document.save()
    PublicFile.objects.create(content_type=ContentType.objects.get_for_model(document),
                              object_id=document.pk)
    replaced = b"%PDF-1.4\nREPLACED BY WRITER, never approved\n%%EOF\n"
    response = signed_in(writer).post(f"/admin/documents/edit/{document.pk}/", {
        "title": "Biểu mẫu", "file": SimpleUploadedFile("bieu-mau.pdf", replaced)})
    assert response.status_code == 403
    assert "đặt là tệp công khai" in response.content.decode()
    assert b"".join(client.get(document.url).streaming_content) == PDF
    response = signed_in(writer).post(f"/admin/documents/delete/{document.pk}/")
    assert response.status_code == 403 and get_document_model().objects.filter(
        pk=document.pk).exists()


@pytest.mark.parametrize("marked", [True, False])
def test_a_writer_cannot_move_a_guarded_file_to_another_collection_in_bulk(
        client, category, make_article, marked):
    """Moving a file into or out of a collection with a password changes who may download it:
    the bulk actions are refused where the edit form is (a public mark, a published page)."""
    from django.contrib.contenttypes.models import ContentType

    writer = member_of("phongvien", (category, roles.WRITER))
    locked = Collection.get_first_root_node().add_child(name="Có mật khẩu")
    CollectionViewRestriction.objects.create(collection=locked, restriction_type="password",
                                             password="mat-khau")
    document = get_document_model()(title="Biểu mẫu", uploaded_by_user=writer)
    document.file.save("bieu-mau.pdf", ContentFile(PDF), save=False)
    document.save()
    if marked:
        PublicFile.objects.create(content_type=ContentType.objects.get_for_model(document),
                                  object_id=document.pk)
    else:
        make_article(body=attach(document))
    root = document.collection_id
    base = "/admin/bulk/wagtaildocs/document/"
    response = signed_in(writer).post(f"{base}add_to_collection/?id={document.pk}",
                                      {"collection": locked.pk})
    assert response.status_code == 403
    response = signed_in(writer).post(f"{base}add_tags/?id={document.pk}", {"tags": "mới"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.collection_id == root and not document.tags.exists()
    assert b"".join(client.get(document.url).streaming_content) == PDF


def test_the_edit_form_does_not_call_a_password_collection_public(make_article, document):
    leader = a_leader()
    make_article(body=attach(document))
    locked = Collection.get_first_root_node().add_child(name="Có mật khẩu")
    CollectionViewRestriction.objects.create(collection=locked, restriction_type="password",
                                             password="mat-khau")
    document.collection = locked
    document.save()
    page = signed_in(leader).get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert "Hiện tại ai cũng tải được tệp này" not in page


def test_a_deleted_file_forgets_its_public_mark(document, django_user_model):
    from django.contrib.contenttypes.models import ContentType

    PublicFile.objects.create(content_type=ContentType.objects.get_for_model(document),
                              object_id=document.pk)
    document.delete()
    assert not PublicFile.objects.exists()


def test_a_collection_password_decides_for_its_files(client, make_article, document):
    private = Collection.get_first_root_node().add_child(name="Hồ sơ mật")
    document.collection = private
    document.save()
    make_article(body=attach(document))
    CollectionViewRestriction.objects.create(collection=private, restriction_type="password",
                                             password="mat-khau")
    response = client.get(document.url)
    assert response.status_code == 200 and b"%PDF" not in response.content  # the password form
    assert 'name="password"' in response.content.decode()


def test_the_original_of_a_photo_follows_the_same_rule(client, make_article, image):
    original = f"/media/{image.file.name}"
    rendition = image.get_rendition("width-40")
    article = make_article(featured_image=image, live=False)
    assert client.get(original).status_code == 404
    assert client.get(rendition.url).status_code == 200  # resized copies stay plain files
    article.save_revision().publish()
    response = client.get(original)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_other_media_folders_and_unknown_files_are_not_found(client, document):
    for path in ["/media/documents/khong-co.pdf", "/media/original_images/khong-co.jpg",
                 "/media/avatar_images/x.png", "/media/../vnportal/settings/base.py",
                 f"/tai-lieu/{document.pk}/sai-ten.pdf", f"/tai-lieu/{document.pk}/a/b.pdf"]:
        assert client.get(path).status_code == 404, path


@override_settings(MEDIA_ACCEL_REDIRECT="/_protected_media/", SENDFILE_BACKEND="downloads.accel")
def test_behind_nginx_the_app_checks_and_nginx_sends(client, make_article, document, image):
    from wagtail.utils.sendfile import _get_sendfile

    _get_sendfile.clear()
    try:
        make_article(body=attach(document), featured_image=image)
        response = client.get(document.url)
        assert response.status_code == 200 and response.content == b""
        assert response["X-Accel-Redirect"] == f"/_protected_media/{document.file.name}"
        assert response.get("Content-Length", "0") == "0"  # not the file's: nginx adds it
        assert "attachment" in response["Content-Disposition"] or \
            "inline" in response["Content-Disposition"]
        response = client.get(f"/media/{image.file.name}")
        assert response["X-Accel-Redirect"] == f"/_protected_media/{image.file.name}"
    finally:
        _get_sendfile.clear()


def test_the_check_costs_a_few_queries_however_many_pages_use_the_file(
        client, make_article, document, django_assert_max_num_queries):
    for _ in range(5):
        make_article(body=attach(document), live=False)
    make_article(body=attach(document))
    client.get("/")  # the site and its restrictions: read once per content generation
    with django_assert_max_num_queries(9):
        response = client.get(document.url)
    assert response.status_code == 200
    assert io.BytesIO(b"".join(response.streaming_content)).read() == PDF


@pytest.mark.parametrize("trick", ["images/../{file}", "images/%2e%2e/{file}", "images/..%2f{file}",
                                   "images/%2e%2e%2f{file}", "images/./../{file}",
                                   "images//../{file}", "images/..\\{file}"])
def test_no_address_under_the_renditions_leaves_their_folder(client, make_article, document,
                                                             image, trick):
    """Renditions are served as plain files (SERVE_MEDIA, as `make serve` does): a path that
    climbs out of media/images/ must not reach the checked files beside it."""
    make_article(body=attach(document), featured_image=image, live=False)
    for name in (document.file.name, image.file.name):
        response = client.get("/media/" + trick.format(file=name))
        assert response.status_code == 404, (trick, name)


@pytest.mark.parametrize("path", ["/media/original_images/a%00b.jpg", "/media/documents/a%00b.pdf",
                                  "/media/images/a%00b.jpg"])
def test_a_nul_byte_in_a_file_address_is_not_found(client, db, path):
    assert client.get(path).status_code == 404
