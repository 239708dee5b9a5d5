"""An unknown download format is a 400 that offers exactly the formats its page serves (README,
Exports): the catalogue downloads as a table, the comparison also without its source columns
and as the tidy results."""

import re

import pytest

pytestmark = pytest.mark.django_db

CATALOGUE = "/trials/?"
COMPARISON = "/compare/?trials=vision,therap&"


def offered(response):
    body = response.content.decode()
    (listed,) = re.findall(r"Unknown export format\. Choose one of: ([^.<]*)\.", body)
    return listed.split(", ")


@pytest.mark.parametrize(
    ("page", "formats"),
    [
        pytest.param(CATALOGUE, ["csv", "xlsx", "json"], id="catalogue"),
        pytest.param(
            COMPARISON,
            ["csv", "xlsx", "json", "csv-values", "xlsx-values", "results-csv", "results-xlsx"],
            id="comparison",
        ),
    ],
)
def test_an_unknown_format_offers_exactly_the_formats_the_page_serves(client, page, formats):
    response = client.get(f"{page}_export=pdf")
    assert response.status_code == 400
    assert offered(response) == formats
    for served in formats:
        assert client.get(f"{page}_export={served}").status_code == 200, served
