"""Settings shared by every environment.

Everything an operator may change comes from environment variables with defaults that are safe
for `make run` (SQLite under var/, local-memory cache). Production refuses unsafe values: see
production.py.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, REPORT_SAMPLE, SELF
from django.utils.translation import gettext_lazy as _

from core.csp import HEAD_SCRIPT_HASH

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VNPORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # our apps, general to specific: news → portlets → core; demo depends on all
    "core",
    "portlets",
    "visits",
    "accounts",
    "publicforms",
    "pages",
    "lifecycle",
    "oldurls",  # old portals' addresses: 301/410 mappings, unmapped hits (README, "Old links")
    "workschedule",
    "organisation",
    "news",
    "oldportals",  # the bulk importer of old portals (import_old_site)
    "legal",
    "procedures",
    "science",
    "qa",
    "consultation",
    "search",
    "editorial",
    "downloads",
    "contact",
    "feedback",
    "sitewide",  # EMC tag, maintenance banner, text size / contrast, access keys
    "multisite",  # several agencies' sites: aliases, create_site, each site's groups
    "audit",  # who signed in, changed rights, published, changed settings; from where (README)
    "backups",  # manage.py backup / restore: one archive of database and media (README)
    "demo",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.simple_translation",  # "Translate" copies a page into English (README)
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # sign-in security (accounts/)
    "axes",
    "csp",  # Content-Security-Policy (core.csp)
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "core.middleware.CompressPagesMiddleware",  # HTML and feeds gzipped (COMPRESS_PAGES)
    # answers a stored page before anything below runs, counting it itself; stores what the
    # rest made, security headers included (under a WSGI server, core.front answers first)
    "core.page_cache.PageCacheMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (core.csp, README "Security
    # headers"); below the page cache, so stored pages keep theirs
    "core.csp.PolicyMiddleware",
    # an answer the same for everyone (no session, no cookie set) sends no `Vary: Cookie`
    "core.middleware.NoCookieVaryForAnonymousMiddleware",
    # a page made while a maintenance banner's first day or end is ahead is kept until then
    "sitewide.middleware.MaintenanceBannerLifetimeMiddleware",
    # the language of a public page follows its address (/en/…: English), never a cookie or
    # Accept-Language: stored pages are shared by everyone (core.languages)
    "core.middleware.LanguageFromPathMiddleware",
    # an old portal's hostname is answered here, before the HTTPS redirect and any page (one
    # hop from http://old-host/… to https://new-host/…); on the site's own hosts, a 404 that
    # everything below left is looked up among the old addresses (oldurls.middleware)
    "oldurls.middleware.OldUrlMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag, 304 (outside the counter)
    "visits.middleware.VisitCounterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "multisite.middleware.SiteAliasMiddleware",  # another host name of a site: 301 to its own
    "core.middleware.SiteMiddleware",  # the Wagtail site, kept per content generation
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "editorial.media_guard.MediaInUseGuardMiddleware",
    "core.middleware.PrivateForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lifecycle.middleware.GoneMiddleware",  # a removed page's address answers 410
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "vnportal.urls"
WSGI_APPLICATION = "vnportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise (postgres://… in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite keeps no persistent connections worth the name; WAL lets readers run beside a writer.
    # Transactions take the write lock when they begin (IMMEDIATE), so a second writer waits up
    # to `timeout` seconds instead of failing at once with "database is locked" when a
    # transaction that has read tries to write after another writer (a backup's counter flush,
    # the scheduler, an editor) committed.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20,
         "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), else this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "vnportal"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "vnportal",
        }
    }

# Whole public pages for anonymous readers (core.page_cache): Redis when the site has it, else
# files shared by the server's processes. 0 turns it off. Live parts (view counts, the visitor
# counter) made for one reader serve the next PAGE_CACHE_LIVE_SECONDS in the same process.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))  # dev: 0 with DEBUG
PAGE_CACHE_LIVE_SECONDS = float(os.environ.get("PAGE_CACHE_LIVE_SECONDS", "2"))
# behind the nginx recipe (deploy/nginx/): how long nginx may keep a public page itself, told
# by X-Accel-Expires on what may be shared; 0 (no proxy cache) sends nothing
PROXY_CACHE_SECONDS = int(os.environ.get("PROXY_CACHE_SECONDS", "0"))
# gzip HTML and feeds in Python; 0 where a proxy in front compresses them (the nginx recipe)
COMPRESS_PAGES = env_bool("COMPRESS_PAGES", True)
if REDIS_URL:
    # best a Redis instance of its own (PAGE_CACHE_REDIS_URL), with maxmemory and allkeys-lru:
    # evicting pages must never evict sessions or waiting view counts
    CACHES["pages"] = {**CACHES["default"],
                       "LOCATION": os.environ.get("PAGE_CACHE_REDIS_URL", REDIS_URL),
                       "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "vnportal") + "-pages"}
else:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                       "LOCATION": str(VAR_DIR / "page-cache"),
                       "OPTIONS": {"MAX_ENTRIES": 20000}}
    # the content generation apart: a full store drops a third of its files at random
    CACHES["page-generation"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                 "LOCATION": str(VAR_DIR / "page-generation")}

# Rendered portlets: keyed by the page cache's generation, which every process shares (the
# store above), so a per-process cache is as exact as Redis.
PORTLET_CACHE_SECONDS = int(os.environ.get("PORTLET_CACHE_SECONDS", 3600))

# Visitor statistics: behind a proxy that sets X-Forwarded-For, trust it for the address hash.
VISITS_ENABLED = env_bool("VISITS_ENABLED", True)
# Where page views are counted: "redis" (scale-out, flushed to the database every
# VISITS_FLUSH_SECONDS) when the site has Redis, else "database" (one upsert per view).
VISITS_BACKEND = os.environ.get("VISITS_BACKEND", "redis" if REDIS_URL else "database")
VISITS_FLUSH_SECONDS = int(os.environ.get("VISITS_FLUSH_SECONDS", "10"))
# page views kept in each process this long, then written together: several times the
# throughput of stored pages, but a process killed outright loses that many seconds of its
# counts; 0 (the default) writes each view before the page is sent
VISITS_BUFFER_SECONDS = float(os.environ.get("VISITS_BUFFER_SECONDS", "0"))  # off only to measure what counting costs
VISITS_TRUST_X_FORWARDED_FOR = env_bool("VISITS_TRUST_X_FORWARDED_FOR", False)
# how many proxies of ours append to X-Forwarded-For (nginx alone: 1; a load balancer and nginx: 2)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
VISITS_GAP_MINUTES = int(os.environ.get("VISITS_GAP_MINUTES", "30"))
VISITS_ONLINE_MINUTES = int(os.environ.get("VISITS_ONLINE_MINUTES", "5"))

# --- Abuse limits (core/ratelimit.py) ---------------------------------------------------------
# Rate limits per address count on the database, or on Redis when the site has it
# (PUBLIC_FORMS_LIMIT_BACKEND is this setting's earlier name). RATE_LIMITS maps a limit's name to
# (count, seconds); a count of 0 turns it off. Past one: the 429 page with Retry-After.
RATE_LIMIT_BACKEND = os.environ.get("RATE_LIMIT_BACKEND", os.environ.get(
    "PUBLIC_FORMS_LIMIT_BACKEND", "redis" if REDIS_URL else "database"))
RATE_LIMITS = {
    # searches that have words: /tim-kiem/?q=… and a section's list or feed with ?q=…
    "search": (int(os.environ.get("RATE_LIMIT_SEARCH_PER_MINUTE", "30")), 60),
    "portlet": (int(os.environ.get("RATE_LIMIT_PORTLET_PER_MINUTE", "120")), 60),
    # sign-in posts (/dang-nhap/, the admin's), successful or not; above the lockout's
    # LOGIN_ADDRESS_FAILURE_LIMIT, so that the lockout's own page comes first
    "signin": (int(os.environ.get("RATE_LIMIT_SIGNIN_PER_MINUTE", "30")), 60),
    # the admin's "forgot password" posts, which send mail: per address, and per e-mail asked for
    "password_reset": (int(os.environ.get("RATE_LIMIT_PASSWORD_RESET_PER_HOUR", "5")), 3600),
    "password_reset.email": (
        int(os.environ.get("RATE_LIMIT_PASSWORD_RESET_PER_EMAIL_PER_HOUR", "3")), 3600),
    # the public forms' CAPTCHA challenges (/bieu-mau/thu-thach/)
    "form_challenge": (int(os.environ.get("RATE_LIMIT_CHALLENGE_PER_MINUTE", "30")), 60),
}
# --- end of abuse limits ------------------------------------------------------------------------

# Public forms (publicforms/): their rate limits count in the store of RATE_LIMIT_BACKEND.
# PUBLIC_FORMS_LIMITS maps a limit's name, or "<form scope>.<name>", to (count, seconds):
# "attempts" (every sending from one address), "address" (submissions stored from one address)
# and "email" (submissions stored for one e-mail address).
PUBLIC_FORMS_LIMITS = {
    "attempts": (int(os.environ.get("PUBLIC_FORMS_ATTEMPTS_PER_HOUR", "30")), 3600),
    "address": (int(os.environ.get("PUBLIC_FORMS_SUBMISSIONS_PER_HOUR", "10")), 3600),
    "email": (int(os.environ.get("PUBLIC_FORMS_SUBMISSIONS_PER_EMAIL_PER_HOUR", "5")), 3600),
    # a rating is one click on every page one reads: more of them than of messages
    "feedback.rating.attempts": (int(os.environ.get("RATINGS_ATTEMPTS_PER_HOUR", "120")), 3600),
    "feedback.rating.address": (int(os.environ.get("RATINGS_PER_HOUR", "60")), 3600),
}
PUBLIC_FORMS_ATTACHMENT_MAX_BYTES = int(os.environ.get("PUBLIC_FORMS_ATTACHMENT_MAX_MB", "5")) \
    * 1024 * 1024
# What visitors gave about themselves (names, e-mails, telephone numbers, addresses,
# attachments) is anonymised this many days after it was sent (publicforms/personal_data.py;
# the scheduler does it); what is still being handled is kept until it is closed.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "730"))
# The CAPTCHA of public forms (publicforms/captcha.py): ALTCHA proof of work, checked here.
# Production refuses an easier one than these defaults (a try costs CAPTCHA_COST iterations of
# PBKDF2; the key must start with CAPTCHA_KEY_PREFIX, 256 tries on average for "00").
CAPTCHA_ALGORITHM = "PBKDF2/SHA-256"
CAPTCHA_COST = int(os.environ.get("CAPTCHA_COST", "2000"))
CAPTCHA_KEY_PREFIX = os.environ.get("CAPTCHA_KEY_PREFIX", "00")
CAPTCHA_SECONDS = 1800  # how long a challenge may be solved and sent

# Old portals' addresses (oldurls): the hosts a mapping may send visitors to besides this
# portal's own sites, e.g. "dichvucong.gov.vn,.haugiang.gov.vn" (a leading dot: any host under
# it); unmapped old addresses are counted in each process and written every
# OLDURLS_HITS_FLUSH_SECONDS, at most OLDURLS_UNMAPPED_MAX of them kept
OLDURLS_ALLOWED_TARGET_HOSTS = env_list("OLDURLS_ALLOWED_TARGET_HOSTS")
OLDURLS_HITS_FLUSH_SECONDS = float(os.environ.get("OLDURLS_HITS_FLUSH_SECONDS", "10"))
OLDURLS_UNMAPPED_MAX = int(os.environ.get("OLDURLS_UNMAPPED_MAX", "10000"))
OLDURLS_CSV_MAX_MB = int(os.environ.get("OLDURLS_CSV_MAX_MB", "20"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",  # Django's, message translated
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # at least 3 of: lower case, upper case, digits, symbols (accounts/validators.py)
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Sign-in security (accounts/). Failed sign-ins are counted by django-axes in the database, so
# every app server sees the same counts: a username is locked after LOGIN_FAILURE_LIMIT failures
# from any address, an address after LOGIN_ADDRESS_FAILURE_LIMIT failures on any usernames (higher:
# an office often shares one address), both for LOGIN_LOCKOUT_MINUTES after the last attempt. The
# address is the one the visitor counter uses (X-Forwarded-For only with
# VISITS_TRUST_X_FORWARDED_FOR).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in before checking it
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=max(1, int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))))
AXES_RESET_ON_SUCCESS = True  # a successful sign-in forgets that account's failures
AXES_CLIENT_IP_CALLABLE = "visits.middleware.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Password-protected pages and document collections (accounts/page_password.py): a restriction's
# password form is locked (429) for LOGIN_LOCKOUT_MINUTES after PAGE_PASSWORD_FAILURE_LIMIT wrong
# passwords from one address, or PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT from any addresses
# together (a guess spread over many machines). Counted in the database, like sign-ins.
PAGE_PASSWORD_FAILURE_LIMIT = max(1, int(os.environ.get("PAGE_PASSWORD_FAILURE_LIMIT", "5")))
PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT = max(
    1, int(os.environ.get("PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT", "50")))

# The audit trail (audit/): sign-ins, failures, lockouts, unlocks, role and permission changes,
# publishing and settings changes with who, when and from which address; kept this many days,
# then deleted by the scheduler (with django-axes' sign-in logs), as they hold addresses.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))

# Sessions end after SESSION_IDLE_MINUTES of inactivity (accounts.middleware.IdleTimeoutMiddleware:
# an open editor's background pings do not count) and, unless "Remember me" was ticked on the
# admin sign-in, when the browser closes.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # only sessions that hold something: anonymous pages get none
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Language and time: Vietnamese first, English second; dates in Asia/Ho_Chi_Minh.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["vnportal.formats"]  # dates typed day first, as the admin's pickers write
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Django serves photo renditions (media/images/) itself: development only; in production the web
# server does. Documents and original photos always go through the app's check (downloads/).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# With nginx in front: the internal location mapped to MEDIA_ROOT (e.g. "/_protected_media/").
# The app checks who may download a file, then nginx sends it (X-Accel-Redirect).
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
if MEDIA_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "downloads.accel"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Cổng thông tin điện tử")
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to gravatar.com from the admin
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name authenticator apps show beside the code
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/") + "/"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/dang-nhap/"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
# Vietnamese pages at their addresses, their English translations under /en/ (README, "English")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf",
                          "txt", "csv", "zip", "rar", "mp4", "webm"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Uploads are checked by their content, not their name (core/uploads.py)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "downloads.forms.DocumentForm"  # core.uploads' checks + "public"
WAGTAILIMAGES_IMAGE_FORM_BASE = "downloads.forms.ImageForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # never a redirect to the file: that would skip the check
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# Anonymous pages carry no cookie: CSRF tokens come from forms, sessions only after sign-in.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# no script of ours or Wagtail's reads the CSRF cookie (forms carry the token, Wagtail's admin
# its config): HttpOnly, as every cookie of the site (the security check, issue 17)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN for themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4, core.csp.PolicyMiddleware; README "Security headers").
# No inline script but the head's (by its hash) and the admin's (by the answer's nonce); sites'
# EMC origins are added per site. Video blocks embed youtube-nocookie.com.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, HEAD_SCRIPT_HASH, REPORT_SAMPLE],
        "style-src": [SELF, REPORT_SAMPLE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],  # the public forms' proof of work (ALTCHA, static/js/forms.js)
        "frame-src": [SELF, "https://www.youtube-nocookie.com"],
        "frame-ancestors": [NONE],  # 'self' where X-Frame-Options is SAMEORIGIN (previews)
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "manifest-src": [SELF],
    },
}
# browser features no page of the portal uses (camera, microphone, location, payment…)
PERMISSIONS_POLICY = os.environ.get("PERMISSIONS_POLICY", ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # lockouts are warnings; every sign-in is not news
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
