"""Trials named in URLs: the slug pattern and the comparison's permalink."""

import re

from django.urls import reverse

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


def canonical_query(slugs):
    """The comparison's permalink query: trials=vision,therap (commas kept readable)."""
    return "trials=" + ",".join(slugs)


def compare_url(slugs):
    return f"{reverse('compare')}?{canonical_query(slugs)}"
