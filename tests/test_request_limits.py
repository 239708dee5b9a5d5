"""The catalogue's page size is a whole number from 1 to 100: anything else is a 400 that says
so, never a 500 or a page of every trial."""

import pytest

pytestmark = pytest.mark.django_db

MESSAGE = "The number of trials per page must be a whole number from 1 to 100."


@pytest.mark.parametrize("per_page", ["abc", "0", "-1", "1.5", "101", "100000", "", "²"])
def test_a_bad_page_size_is_a_400_with_a_message(client, per_page):
    response = client.get(f"/trials/?per_page={per_page}")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_a_page_number_in_other_digits_is_a_400_too(client):
    # "²".isdigit() is true, yet int("²") fails.
    response = client.get("/trials/?page=²")
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.content.decode()


@pytest.mark.parametrize("export", ["csv", "xlsx", "json"])
def test_a_bad_page_size_is_a_400_for_downloads_too(client, export):
    assert client.get(f"/trials/?per_page=-1&_export={export}").status_code == 400


@pytest.mark.parametrize(("per_page", "rows"), [("1", 1), ("3", 3), ("100", 13)])
def test_a_good_page_size_is_used(client, per_page, rows):
    response = client.get(f"/trials/?per_page={per_page}")
    assert response.status_code == 200
    body = response.content.decode()
    assert MESSAGE not in body
    assert body.count('name="trials" value=') == rows  # one "Compare" checkbox per trial shown
