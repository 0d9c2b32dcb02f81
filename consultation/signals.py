"""A shown comment deleted (in the admin, with its draft) takes its place on the stored pages
with it. (Comments are not content for core.page_cache: a new pending one changes no page.)"""


def comment_deleted(sender, instance, **kwargs):
    if instance.is_shown:
        from core.page_cache import content_changed

        content_changed()
