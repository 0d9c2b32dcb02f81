"""The --site option of the oldurls commands: a site by its hostname, the default site when
it is not given."""

from django.core.management.base import CommandError


def site_for(hostname):
    from wagtail.models import Site

    if not hostname:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    else:
        site = Site.objects.filter(hostname=hostname.strip().lower()).select_related(
            "root_page").first()
    if site is None:
        raise CommandError(f"no site with the hostname {hostname!r}" if hostname
                           else "no default site: give --site")
    return site
