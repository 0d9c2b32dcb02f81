"""WSGI entry point for gunicorn or granian: `gunicorn vnportal.wsgi`. Stored pages are
answered before Django's handler (core.front); everything else goes through it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vnportal.settings.production")

django_application = get_wsgi_application()

from core.front import PageCacheFront  # noqa: E402  (after Django is set up)

application = PageCacheFront(django_application)
