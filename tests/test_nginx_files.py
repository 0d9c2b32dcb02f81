"""Files behind nginx as the README deploys them: nginx serves photo renditions itself and sends
documents only after the app's check (X-Accel-Redirect to an internal location); the files of a
draft are a 404 however they are asked for."""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from .servers import free_port, gunicorn, manage, server_env

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PDF = b"%PDF-1.4\n" + b"0123456789" * 5000 + b"\n%%EOF\n"
MAKE_FILES = f"""
import json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from news.models import NewsArticlePage, NewsCategoryPage
Document = get_document_model()
def upload(name):
    document = Document(title=name)
    document.file.save(name + ".pdf", ContentFile({PDF!r}), save=False)
    document.save()
    return document
public, draft = upload("cong-khai"), upload("ban-nhap")
category = NewsCategoryPage.objects.live().filter(depth=4).first()
for title, document, live in (("Bài có tệp", public, True), ("Bản nháp có tệp", draft, False)):
    page = NewsArticlePage(title=title, live=live, body=[{{"type": "document",
                                                          "value": {{"document": document.pk}}}}])
    category.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
article = NewsArticlePage.objects.live().exclude(featured_image=None).first()
rendition = article.featured_image.get_rendition("fill-300x200")
print(json.dumps({{"public": public.url, "draft": draft.url, "public_file": public.file.name,
                  "draft_file": draft.file.name, "rendition": rendition.url}}))
"""
NGINX_CONF = """
daemon off;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {var}/nginx-body; proxy_temp_path {var}/nginx-proxy;
    fastcgi_temp_path {var}/nginx-fcgi; uwsgi_temp_path {var}/nginx-uwsgi;
    scgi_temp_path {var}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        location /media/images/ {{ alias {media}/images/; expires 30d; }}
        location /_protected_media/ {{ internal; alias {media}/; }}
        location / {{
            proxy_pass {app};
            proxy_set_header Host $host;
        }}
    }}
}}
"""


def get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (apt-get install -y nginx-light)")
    var = tmp_path_factory.mktemp("nginx-var")
    env = server_env(var, MEDIA_ACCEL_REDIRECT="/_protected_media/", SERVE_MEDIA="0")
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    import json

    files = json.loads(manage(env, "shell", "-c", MAKE_FILES).stdout.strip().splitlines()[-1])
    with gunicorn(env, var) as app:
        port = free_port()
        conf = var / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            var=var, port=port, media=var / "media", app=app,
            user="user root;" if os.geteuid() == 0 else ""))
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(var)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=2)
                    break
                except OSError:
                    assert nginx.poll() is None, (var / "nginx-error.log").read_text()
                    assert time.monotonic() < deadline, "nginx did not answer in 30 s"
                    time.sleep(0.2)
            yield url, files
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def test_nginx_sends_a_public_document_after_the_check(site):
    url, files = site
    status, headers, body = get(url + files["public"])
    assert status == 200 and body == PDF
    assert "X-Accel-Redirect" not in headers
    assert int(headers["Content-Length"]) == len(PDF)
    assert "public" in headers["Cache-Control"]
    status, headers, body = get(url + files["public"], Range="bytes=0-8")
    assert status == 206 and body == PDF[:9]  # ranges, for video and large PDFs


def test_the_file_of_a_draft_is_not_found_however_it_is_asked_for(site):
    url, files = site
    for path in [files["draft"], "/media/" + files["draft_file"],
                 "/_protected_media/" + files["draft_file"],
                 "/_protected_media/" + files["public_file"]]:
        status, _headers, body = get(url + path)
        assert status == 404 and PDF[:200] not in body, path


def test_nginx_serves_renditions_itself(site):
    url, files = site
    status, headers, body = get(url + files["rendition"])
    assert status == 200 and body[:2] == b"\xff\xd8"
    assert "max-age=2592000" in headers.get("Cache-Control", "")
