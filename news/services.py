"""Writes of news: importing pages of the old portal as articles."""

import hashlib
import io
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.images import get_image_model

from core.vietnamese import slugify_vi

from .importer import OldPageError, parse_old_page
from .models import NewsArticlePage, NewsCategoryPage

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEB_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def find_category(slug_or_path):
    """The category named by its slug ("tin-hoat-dong") or its path ("tin-tuc/tin-hoat-dong")."""
    categories = NewsCategoryPage.objects.all()
    parts = [part for part in slug_or_path.strip("/").split("/") if part]
    if not parts:
        return None
    matches = [category for category in categories.filter(slug=parts[-1])
               if category.url_path.rstrip("/").endswith("/".join(parts))]
    return matches[0] if matches else None


def default_category():
    """The first category, in tree order, that has no sub-category."""
    for category in NewsCategoryPage.objects.order_by("path"):
        if not NewsCategoryPage.objects.child_of(category).exists():
            return category
    return None


def _web_picture(data):
    """(bytes, extension) of a picture browsers and Wagtail can show: JPEG, PNG, GIF and WebP
    as they are, other formats (TIFF, BMP…) converted to PNG; None when it is no picture or
    one too large to open safely."""
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            probe.verify()
        with PILImage.open(io.BytesIO(data)) as picture:
            if picture.format in WEB_FORMATS:
                return data, WEB_FORMATS[picture.format]
            picture.load()
            mode = "RGBA" if "A" in picture.getbands() else "RGB"
            buffer = io.BytesIO()
            picture.convert(mode).save(buffer, "PNG")
            return buffer.getvalue(), "png"
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, ValueError):
        return None


def _image_from(photo, title, created, collection=None):
    """The Wagtail image of a photo the saved page still has (a file beside it or a data: URI).

    The same picture imported twice is one image (Wagtail's file hash); new images are added
    to `created` so that their files can be removed if the import fails."""
    if photo.local_file is not None:
        data, stem = photo.local_file.read_bytes(), photo.local_file.stem
    elif photo.data:
        data, stem = photo.data, "anh-nhung"
    else:
        return None
    picture = _web_picture(data)
    if picture is None:
        return None
    data, extension = picture
    Image = get_image_model()
    file_hash = hashlib.sha1(data).hexdigest()  # as Wagtail computes it for uploads
    existing = Image.objects.filter(file_hash=file_hash).first()
    if existing is not None:
        return existing
    image = Image(title=(photo.caption or photo.alt or title)[:255], file_hash=file_hash,
                  file_size=len(data))
    if collection is not None:  # the site's own (multisite), else Wagtail's root collection
        image.collection = collection
    image.file = ImageFile(io.BytesIO(data), name=f"{slugify_vi(stem) or 'anh'}.{extension}")
    image.save()
    created.append(image)
    return image


def _body(parsed, created, collection=None):
    body = []
    for kind, value in parsed.blocks:
        if kind == "paragraph":
            body.append({"type": "paragraph", "value": value})
            continue
        image = _image_from(value, parsed.title, created, collection)
        body.append({"type": "photo", "value": {
            "image": image.pk if image else None,
            "caption": value.caption[:500],
            "alt_text": value.alt[:300] if value.alt != value.caption else "",
            "credit": "",
            "missing": image is None,
            "original_src": value.src[:1000],
        }})
    return body


def save_article(parsed, category=None, publish=False, user=None):
    """Create or update the article of one parsed old page; return (article, created).

    The same old page always lands on the same article (matched by its legacy key), so
    importing twice updates instead of duplicating. All of it is written in one transaction;
    if it fails, the photo files it had stored are removed too."""
    new_images = []
    try:
        with transaction.atomic():
            return _save_article(parsed, category, publish, user, new_images)
    except BaseException:
        for image in new_images:
            image.file.storage.delete(image.file.name)
        raise


def _save_article(parsed, category, publish, user, new_images):
    article = NewsArticlePage.objects.filter(legacy_key=parsed.legacy_key).first()
    created = article is None
    if created:
        category = category or default_category()
        if category is None:
            raise OldPageError(_("there is no news category to put the article in"))
        article = NewsArticlePage(legacy_key=parsed.legacy_key, live=False)
    else:
        article = article.get_latest_revision_as_object()
    article.title = parsed.title
    article.published_at = datetime.combine(parsed.date, time(0, 0), tzinfo=VN_TZ)
    article.body = _body(parsed, new_images)
    article.author_name = parsed.byline
    article.source = parsed.origin or article.source
    if created:
        category.add_child(instance=article)
    revision = article.save_revision(user=user, log_action=True)
    if publish:
        if not article.first_published_at:
            article.first_published_at = article.published_at
        revision.publish(user=user)
        article.refresh_from_db()
    return article, created


def import_old_page(path, category=None, publish=False, user=None):
    """Parse and save one file; raises OldPageError (nothing written) when it cannot."""
    return save_article(parse_old_page(path), category=category, publish=publish, user=user)
