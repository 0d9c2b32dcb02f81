from django.db import models


class Throttle(models.Model):
    """How many times one key (a keyed hash of an address or an e-mail, or a spent CAPTCHA) was
    seen in one scope during one fixed window (publicforms.limits.DatabaseLimiter). Rows of
    ended windows are deleted from time to time."""

    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField()  # Unix seconds
    window_end = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window_start"],
                                               name="publicforms_throttle_unique")]
