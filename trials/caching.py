"""Whole-page cache for anonymous visitors, keyed by the curated data's version.

The version is a row in the database that any save or delete of curated data moves on in its
own transaction: a reader sees the old version with the old data until the change commits, a
rolled-back change moves nothing, and pages cached before a change are never served after it,
even if the cache was unreachable when it happened. The cache (Redis, shared by every worker
and replica) is never needed to answer: when it fails or hangs (short socket timeouts in
settings), pages are served uncached and saves go through.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from trials.models import DataVersion

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 24 * 3600
# After a cache error this process leaves the cache alone for a while, so a hung Redis costs
# one request a timeout, not every request.
RETRY_AFTER = 10.0
_skip_until = 0.0


def bump_version(**kwargs):
    DataVersion.bump()


def _cache_call(method, *args):
    global _skip_until
    if time.monotonic() < _skip_until:
        return None
    try:
        return getattr(cache, method)(*args)
    except Exception:
        _skip_until = time.monotonic() + RETRY_AFTER
        logger.warning("Page cache unreachable: serving pages uncached for a while", exc_info=True)
        return None


def cached_public_page(view):
    """Serve an anonymous GET from the cache when the curated data has not changed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.PAGE_CACHE
            or request.method != "GET"
            or "_export" in request.GET
            or request.user.is_authenticated
        ):
            return view(request, *args, **kwargs)
        version = DataVersion.current()
        # The whole address: a printout names the page with its host and scheme.
        path = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{version}:{path}"
        hit = _cache_call("get", key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        # Stored under the version read before the data: content read after a change that
        # commits meanwhile lands under a version that is already gone.
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            _cache_call("set", key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        return response

    return wrapper
