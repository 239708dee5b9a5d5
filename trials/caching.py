"""Whole-page cache for anonymous visitors, keyed by the curated data's version.

Any save or delete of curated data moves the version on, so every cached page goes stale at
once; with Redis the version and pages are shared by all workers and replicas.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "curated-data-version"
PAGE_TIMEOUT = 24 * 3600


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


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
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{data_version()}:{path}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        return response

    return wrapper
