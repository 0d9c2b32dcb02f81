"""The addresses of uploaded files, each behind the rule in downloads.selectors:

- `/tai-lieu/<id>/<name>`: a document (Wagtail's view, after our check)
- `/media/original_images/<name>`: the original of a photo
- `/media/documents/<name>`: the stored file of a document; sends those who may have it on to
  the document's address, so old links work and nothing skips the check
- `/media/images/<name>`: the resized copies pages show, plain public files (the web server
  serves them itself in production; Django only with SERVE_MEDIA)

A file the visitor may not have is a 404, the same answer as for a file that does not exist."""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.static import serve as serve_static
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images import get_image_model
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile

from .selectors import access

PUBLIC_MAX_AGE = 3600


def _verdict(obj, request):
    """access() for `obj`, or None. A collection with view restrictions of Wagtail's decides
    itself (a password or sign-in): those files are "private" to whoever passes."""
    restrictions = list(obj.collection.get_view_restrictions())
    if restrictions:
        return "private" if all(r.accept_request(request) for r in restrictions) else None
    return access(obj, request)


def _finish(response, verdict):
    """Headers for a served file: a shared cache may keep a public file for an hour and never a
    private one; nginx sends the file (and its length) after an X-Accel-Redirect. A stored file
    is sent as it is: Wagtail's sendfile writes "Content-Encoding: None" (or "gzip" for a name
    ending in .gz, which a browser would unpack), so the header goes."""
    if "X-Accel-Redirect" in response:
        del response["Content-Length"]
    if "Content-Encoding" in response:
        del response["Content-Encoding"]
    if response.status_code >= 400:
        return response
    if verdict == "public":
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
        response["X-Robots-Tag"] = "noindex"
    return response


def serve_document(request, document_id, document_filename):
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename:
        raise Http404
    if document.collection.get_view_restrictions().exists():
        # Wagtail's own hook asks for the collection's password or a sign-in
        return _finish(wagtail_serve_document(request, document_id, document_filename),
                       "private")
    verdict = access(document, request)
    if verdict is None:
        raise Http404
    return _finish(wagtail_serve_document(request, document_id, document_filename), verdict)


def _send(request, field_file):
    try:
        path = field_file.path
    except NotImplementedError:  # object storage without local paths: not served from here
        raise Http404 from None
    # the backend Wagtail's document view uses too: SENDFILE_BACKEND (nginx's, set with
    # MEDIA_ACCEL_REDIRECT), else streaming
    backend = None if getattr(settings, "SENDFILE_BACKEND", None) else \
        sendfile_streaming_backend.sendfile
    return sendfile(request, path, attachment=False, attachment_filename=os.path.basename(path),
                    backend=backend)


def media(request, path):
    if "\x00" in path:
        raise Http404  # never a database lookup (PostgreSQL refuses NUL in text)
    folder, _slash, rest = path.partition("/")
    if folder == "images":
        if not settings.SERVE_MEDIA:
            raise Http404
        # only what lies inside media/images/: "images/../documents/x" must not get out
        try:
            return serve_static(request, rest,
                                document_root=Path(settings.MEDIA_ROOT) / "images")
        except SuspiciousFileOperation:
            raise Http404 from None
    if folder == "original_images":
        image = get_image_model().objects.filter(file=path).first()
        verdict = image and _verdict(image, request)
        if not verdict:
            raise Http404
        return _finish(_send(request, image.file), verdict)
    if folder == "documents":
        document = get_document_model().objects.filter(file=path).first()
        if not (document and _verdict(document, request)):
            raise Http404
        return redirect(document.url)
    raise Http404
