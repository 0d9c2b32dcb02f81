from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OldPortalsConfig(AppConfig):
    """Reading whole old portals (Liferay, NukeViet, SharePoint, saved pages, WARC) for the bulk
    importer: pure Python, no models."""

    name = "oldportals"
    verbose_name = _("Old portals")
