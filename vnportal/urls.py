from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from news import views as news_views
from portlets import views as portlet_views
from search import views as search_views

ADMIN_PATH = settings.ADMIN_PATH

urlpatterns = [
    path(ADMIN_PATH, include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("tim-kiem/", search_views.search, name="search"),
    path("the/<slug:slug>/", news_views.tag_articles, name="news_tag"),
    path("portlet/<int:portlet_id>/", portlet_views.portlet_detail, name="portlet_detail"),
    path("sitemap.xml", sitemap),
    path("favicon.ico", core_views.favicon),
    path("robots.txt", core_views.robots_txt),
    path("healthz", core_views.healthz),
    path("dang-nhap/", core_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]

if settings.SERVE_MEDIA:
    # Development and `make serve` only: in production the web server serves /media/ itself.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve,
                            {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
