"""Pages travel compressed to browsers that accept it, and stay plain for those that do not."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

COMPARE = "/compare/?trials=vision,therap,netter-1,ralu"


def test_a_comparison_is_sent_gzipped_and_unzips_to_the_same_page(client):
    plain = client.get(COMPARE)
    zipped = client.get(COMPARE, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) * 4 < len(plain.content)
