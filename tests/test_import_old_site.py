"""`manage.py import_old_site` (issue 16, part 2): a small crawl of each platform's shapes
imported into a fresh site with no demo; each old address then answers 301 to its new page,
on the old hostname and on the site's own; a second run changes nothing; a run stopped in the
middle goes on without duplicates; bad pages are reported and the rest imported."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from news.models import NewsArticlePage, NewsCategoryPage
from oldportals import importing
from oldportals.importing import SiteImport
from oldportals.models import ImportedItem
from oldurls.models import OldUrl
from pages.models import StandardPage

FIXTURES = Path(__file__).parent / "fixtures" / "oldportals"
CRAWLS = [("liferay", "sokhcn.haugiang.gov.vn"), ("nukeviet", "vpub.haugiang.gov.vn"),
          ("sharepoint", "sotttt.haugiang.gov.vn"), ("text", "cong-thong-tin.haugiang.gov.vn")]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_old_site", *args, stdout=out, stderr=err)
    return out.getvalue()


def path_of(location):
    return "/" + location.split("://", 1)[-1].split("/", 1)[1] if "://" in location \
        else location


@pytest.mark.parametrize("platform,host", CRAWLS)
def test_a_crawl_is_imported_into_a_fresh_site_and_its_old_addresses_answer_301(
        client, home, platform, host):
    assert not NewsCategoryPage.objects.exists()  # no demo, no news section
    output = run(str(FIXTURES / platform), "--host", host)
    assert "Nhập mới:" in output
    records = list(ImportedItem.objects.select_related("page"))
    assert records and all(record.page is not None for record in records)
    assert NewsArticlePage.objects.live().exists() or platform == "none"
    for record in records:
        page = record.page.specific
        assert page.live and page.url
        for asked_on in (host, "testserver"):  # the old hostname, and the site's own
            response = client.get(record.old_url, HTTP_HOST=asked_on)
            assert response.status_code == 301, (asked_on, record.old_url)
            assert path_of(response["Location"]) == page.url, record.old_url
        assert client.get(page.url).status_code == 200
    # the old portal's home page leads to the site's
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 301 and path_of(response["Location"]) == "/"


def test_articles_land_in_their_breadcrumbs_categories_created_under_the_news_section(home):
    run(str(FIXTURES / "liferay"), "--host", "sokhcn.haugiang.gov.vn")
    news = NewsCategoryPage.objects.child_of(home).get()
    assert news.slug == "tin-tuc" and news.live
    for article in NewsArticlePage.objects.all():
        assert article.get_parent().specific_class is NewsCategoryPage
        assert article.get_parent().is_descendant_of(news)
        assert article.published_at.year < 2026  # the old date, not today's
    # a document whose number, date and type were read is a legal document of the site's
    # Văn bản section (made), with its attached file; a procedure is a plain page for now
    from legal.models import LegalDocumentIndexPage, LegalDocumentPage

    document = LegalDocumentPage.objects.get()
    assert document.number == "12/2021/QĐ-UBND" and document.doc_type == "quyet-dinh"
    assert str(document.issued_on) == "2021-01-20" and document.issuer.name == "UBND tỉnh Hậu Giang"
    assert document.get_parent().specific_class is LegalDocumentIndexPage
    assert [a.document.file_size > 0 for a in document.attachments.all()] == [True]
    container = StandardPage.objects.child_of(home).get()
    assert not container.show_in_menus
    assert StandardPage.objects.child_of(container).count() == 1


def test_with_category_every_article_goes_there_created_when_missing(home):
    output = run(str(FIXTURES / "nukeviet"), "--host", "vpub.haugiang.gov.vn",
                 "--category", "Tin Văn phòng UBND")
    category = NewsCategoryPage.objects.get(title="Tin Văn phòng UBND")
    assert "Tin Văn phòng UBND" in output
    articles = NewsArticlePage.objects.all()
    assert articles and all(article.get_parent().pk == category.pk for article in articles)


def test_into_names_an_existing_news_section_and_refuses_what_is_not_one(home, news_root):
    run(str(FIXTURES / "sharepoint"), "--host", "sotttt.haugiang.gov.vn", "--into",
        news_root.slug)
    assert all(article.get_ancestors().filter(pk=news_root.pk).exists()
               for article in NewsArticlePage.objects.all())
    with pytest.raises(CommandError, match="không có mục"):
        run(str(FIXTURES / "sharepoint"), "--host", "x.example", "--into", "khong-co")


def test_a_second_run_changes_nothing_and_a_changed_page_is_updated(home, tmp_path):
    crawl = tmp_path / "vpub.haugiang.gov.vn"
    shutil.copytree(FIXTURES / "nukeviet" / "vpub.haugiang.gov.vn", crawl)
    first = SiteImport(crawl, "vpub.haugiang.gov.vn").run()
    pages, mappings = Page.objects.count(), OldUrl.objects.count()
    second = SiteImport(crawl, "vpub.haugiang.gov.vn").run()
    assert second.imported == 0 and second.updated == 0 and second.unchanged == first.imported
    assert Page.objects.count() == pages and OldUrl.objects.count() == mappings
    record = ImportedItem.objects.filter(kind="article").first()
    saved = next(path for path in crawl.iterdir() if "1024" in path.name)
    saved.write_bytes(saved.read_bytes().replace("chuyển đổi số".encode(), b"CDS", 1)
                      if "chuyển đổi số".encode() in saved.read_bytes()
                      else saved.read_bytes() + b"<!-- sua -->")
    third = SiteImport(crawl, "vpub.haugiang.gov.vn").run()
    assert third.updated == 1 and third.imported == 0 and Page.objects.count() == pages
    assert record.page.revisions.count() >= 1


def test_two_old_pages_of_the_same_title_and_day_stay_two_articles(home, tmp_path):
    crawl = tmp_path / "old.example"
    (crawl / "chi-tiet" / "-" / "tin-tuc").mkdir(parents=True)
    page = ("<html><head><title>Họp giao ban</title></head><body><div class='breadcrumb'>"
            "<a href='/'>Trang chủ</a> › <a href='/tin'>Tin hoạt động</a></div>"
            "<div class='journal-content-article'><h1>Họp giao ban</h1>"
            "<p class='date'>Ngày 05/01/2021</p><p>{}</p><p>Nội dung cuộc họp.</p></div>"
            "</body></html>")
    for number, text in ((101, "Sáng thứ Hai."), (102, "Chiều thứ Hai.")):
        (crawl / "chi-tiet" / "-" / "tin-tuc" / f"hop-giao-ban-{number}.html").write_text(
            page.format(text), encoding="utf-8")
    report = SiteImport(crawl, "old.example").run()
    assert report.imported == 2, (report.failed, report.skipped)
    assert NewsArticlePage.objects.filter(title="Họp giao ban").count() == 2


def test_a_run_stopped_in_the_middle_goes_on_without_duplicates(home, tmp_path, monkeypatch):
    crawl = tmp_path / "vpub.haugiang.gov.vn"
    shutil.copytree(FIXTURES / "nukeviet" / "vpub.haugiang.gov.vn", crawl)
    whole = SiteImport(crawl, "vpub.haugiang.gov.vn", batch=2)
    calls = {"n": 0}
    original = importing.SiteImport._redirect

    def stop_at_the_second_batch(self, entries):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second batch is written
        return original(self, entries)

    monkeypatch.setattr(importing.SiteImport, "_redirect", stop_at_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        whole.run()
    written = ImportedItem.objects.count()
    assert 1 <= written <= 2  # the first batch (of two old pages); nothing of the second
    assert Page.objects.filter(pk__in=ImportedItem.objects.values("page")).count() == written
    assert OldUrl.objects.exclude(old_url="/").count() == written
    monkeypatch.setattr(importing.SiteImport, "_redirect", original)
    report = SiteImport(crawl, "vpub.haugiang.gov.vn", batch=2).run()
    assert report.unchanged == written and report.imported >= 1
    keys = list(ImportedItem.objects.values_list("url_key", flat=True))
    assert len(keys) == len(set(keys))
    titles = list(Page.objects.type(NewsArticlePage, StandardPage).exclude(depth__lte=3)
                  .values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    for parent in Page.objects.all():  # the tree's counts stay right
        assert parent.numchild == Page.objects.child_of(parent).count(), parent.title


def test_bad_pages_are_reported_by_name_and_the_rest_imported(home, tmp_path):
    crawl = tmp_path / "old.example"
    shutil.copytree(FIXTURES / "sharepoint" / "sotttt.haugiang.gov.vn", crawl)
    (crawl / "Pages" / "trong.aspx.html").write_bytes(b"")
    (crawl / "Pages" / "nhi-phan.aspx.html").write_bytes(b"\x00\x01\x02" * 100)
    (crawl / "Pages" / "khong-tieu-de.aspx.html").write_text(
        "<html><body><div></div></body></html>", encoding="utf-8")
    output = run(str(crawl), "--host", "old.example")
    assert "Lỗi, không nhập: 3" in output, output
    for name in ("trong.aspx", "nhi-phan.aspx", "khong-tieu-de.aspx"):
        assert name in output
    assert "Nhập mới: 4" in output
    assert ImportedItem.objects.count() == 4


def test_setup_errors_are_clear(home, tmp_path):
    with pytest.raises(CommandError, match="Không có tệp hay thư mục"):
        run(str(tmp_path / "khong-co"), "--host", "old.example")
    with pytest.raises(CommandError, match="Không có trang nào có tên miền"):
        run(str(FIXTURES / "text"), "--host", "old.example", "--site", "khong.example")


def test_an_old_portal_goes_into_the_site_named_by_site_with_its_own_media(client, home):
    from wagtail.images import get_image_model
    from wagtail.models import Site

    from multisite.selectors import site_collection

    call_command("create_site", "--name", "Sở Thông tin và Truyền thông",
                 "--hostname", "stttt.example.gov.vn", stdout=io.StringIO())
    site = Site.objects.get(hostname="stttt.example.gov.vn")
    run(str(FIXTURES / "sharepoint"), "--host", "sotttt.haugiang.gov.vn",
        "--site", "stttt.example.gov.vn")
    articles = NewsArticlePage.objects.all()
    assert articles and all(article.path.startswith(site.root_page.path) for article in articles)
    images = get_image_model().objects.all()
    assert images and {image.collection_id for image in images} == {site_collection(site).pk}
    record = ImportedItem.objects.filter(kind="article").first()
    response = client.get(record.old_url, HTTP_HOST="sotttt.haugiang.gov.vn")
    assert response.status_code == 301
    assert response["Location"].startswith("http://stttt.example.gov.vn")
    # the first site is untouched
    assert not NewsArticlePage.objects.descendant_of(home).exists()


def test_a_document_the_site_has_already_is_not_made_twice(home):
    from legal.models import LegalDocumentPage

    run(str(FIXTURES / "liferay"), "--host", "sokhcn.haugiang.gov.vn")
    document = LegalDocumentPage.objects.get()
    # the same decision published on another old portal leads to the same document
    crawl = FIXTURES / "liferay" / "sokhcn.haugiang.gov.vn"
    run(str(crawl), "--host", "www.sokhcn.haugiang.gov.vn")
    assert LegalDocumentPage.objects.get().pk == document.pk
    record = ImportedItem.objects.get(old_host="www.sokhcn.haugiang.gov.vn", kind="document")
    assert record.page_id == document.pk


def test_ctrl_c_says_in_vietnamese_what_to_do_and_what_was_written(home, monkeypatch):
    calls = {"n": 0}
    original = importing.SiteImport._redirect

    def stop_at_the_second_batch(self, entries):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, entries)

    monkeypatch.setattr(importing.SiteImport, "_redirect", stop_at_the_second_batch)
    monkeypatch.setattr(importing, "BATCH", 2)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Đã dừng"):
        call_command("import_old_site", str(FIXTURES / "nukeviet"), "--host",
                     "vpub.haugiang.gov.vn", stdout=out, stderr=err)
    assert "chạy lại đúng lệnh này" in err.getvalue() and "Traceback" not in err.getvalue()
    assert "Nhập mới:" in out.getvalue()


def test_the_report_gives_its_reasons_in_vietnamese(home):
    output = run(str(FIXTURES / "sharepoint"), "--host", "sotttt.haugiang.gov.vn")
    assert "trang xem danh sách của SharePoint" in output
    assert "thủ tục" in output and "SharePoint list view" not in output
