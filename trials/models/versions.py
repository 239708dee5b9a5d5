from django.db import models
from django.db.models import F


class DataVersion(models.Model):
    """One row counting committed changes to curated data: cached pages are keyed by it.

    It lives in the database, not the cache, so it moves in the same transaction as the change
    it counts, and a cache that was unreachable during a change cannot serve pages cached before it.
    """

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "curated data version"

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).values_list("version", flat=True).first()
        return 0 if row is None else row

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(version=F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
