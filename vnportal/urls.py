from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as admin_account
from wagtail.documents import urls as wagtaildocs_urls

from accounts import page_password
from contact import views as contact_views
from consultation import views as consultation_views
from core import views as core_views
from core.ratelimit import rate_limited
from downloads import views as download_views
from feedback import views as feedback_views
from news import views as news_views
from pages import sitemap as page_sitemap
from pages import views as page_views
from portlets import views as portlet_views
from publicforms import views as form_views
from search import views as search_views
from workschedule import views as schedule_views

ADMIN_PATH = settings.ADMIN_PATH

# --- Abuse limits (core/ratelimit.py): sign-in posts per address, the admin's "forgot password"
# posts per address and per e-mail; Wagtail's own views, under their own addresses and names,
# found before the admin's URLs ---
signin_limited = rate_limited("signin", methods=("POST",))
limited_admin_urls = [
    path(f"{ADMIN_PATH}login/", signin_limited(admin_account.LoginView.as_view()),
         name="wagtailadmin_login"),
    path(f"{ADMIN_PATH}password_reset/",
         rate_limited("password_reset", methods=("POST",), email_field="email")(
             admin_account.PasswordResetView.as_view()),
         name="wagtailadmin_password_reset"),
]
# --- end of abuse limits ---

urlpatterns = [
    *limited_admin_urls,
    path(ADMIN_PATH, include(wagtailadmin_urls)),
    # documents and original photos only through the check of downloads.selectors
    re_path(r"^tai-lieu/(?P<document_id>\d+)/(?P<document_filename>.*)$",
            download_views.serve_document, name="wagtaildocs_serve"),
    # Wagtail's password forms, with wrong passwords throttled (accounts/page_password.py)
    path("tai-lieu/authenticate_with_password/<int:restriction_id>/",
         page_password.document_password, name="wagtaildocs_authenticate_with_password"),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("tim-kiem/", search_views.search, name="search"),
    path("bieu-mau/thu-thach/", form_views.challenge, name="form_challenge"),
    path("bieu-mau/<int:page_id>/<slug:name>/", form_views.page_form, name="page_form"),
    path("bieu-mau/lien-he/<int:page_id>/", contact_views.send, name="contact_send"),
    path("danh-gia/<int:page_id>/", feedback_views.rate, name="feedback_rate"),
    path("bieu-mau/gop-y-du-thao/<int:page_id>/", consultation_views.comment,
         name="consultation_comment"),
    path("the/<slug:slug>/", news_views.tag_articles, name="news_tag"),
    path("the/<slug:slug>/rss/", news_views.tag_feed, name="news_tag_feed"),
    path("portlet/<int:portlet_id>/", portlet_views.portlet_detail, name="portlet_detail"),
    # a work schedule's iCalendar file (Wagtail's own addresses end in a slash)
    re_path(r"^(?P<path>(?:[\w\-]+/)+)lich\.ics$", schedule_views.calendar_file,
            name="work_schedule_ics"),
    path("sitemap.xml", page_sitemap.sitemap, name="sitemap"),
    path("rss/", page_views.feed_list, name="feed_list"),
    path("so-do-cong/", page_views.site_map, name="site_map"),
    path("favicon.ico", core_views.favicon),
    path("robots.txt", core_views.robots_txt),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("healthz", core_views.healthz),
    path("dang-nhap/", signin_limited(core_views.LoginView.as_view()), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
         page_password.page_password, name="wagtailcore_authenticate_with_password"),
]

# Uploaded files: photo renditions are plain public files (the web server serves media/images/
# itself in production; Django only with SERVE_MEDIA), originals and documents are checked.
urlpatterns += [re_path(r"^media/(?P<path>.+)$", download_views.media, name="media")]

# the page tree last: Vietnamese pages at their own addresses, English ones under /en/ (the
# language is the address's: core.middleware.LanguageFromPathMiddleware)
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
