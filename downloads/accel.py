"""A `wagtail.utils.sendfile` backend for nginx (SENDFILE_BACKEND = "downloads.accel", set when
MEDIA_ACCEL_REDIRECT is): the app checks who may download a file, then answers with an empty
response whose `X-Accel-Redirect` names an internal nginx location mapped to MEDIA_ROOT, e.g.
`/_protected_media/`. nginx sends the bytes, with ranges and conditional requests, so a large
PDF or a video costs the app a few milliseconds and no worker waits on a slow phone."""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse


def sendfile(request, filename, **kwargs):
    try:
        relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError:
        raise Http404 from None  # never hand out a file outside the media folder
    response = HttpResponse()
    response["X-Accel-Redirect"] = (settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/"
                                    + quote(relative.as_posix()))
    return response
