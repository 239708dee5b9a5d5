"""What every page's view shares: the 400 page and the checks of query parameters."""

from django.shortcuts import render

LISTED = 50  # trials offered in a select or checklist; the catalogue has them all


def bad_request(request, problem):
    return render(request, "trials/bad_request.html", {"problem": problem}, status=400)


def bad_export(request, formats):
    return bad_request(request, f"Unknown export format. Choose one of: {', '.join(formats)}.")


def whole_number(value, maximum):
    """An absent query parameter, or a whole number from 1 to `maximum` in ASCII digits."""
    return value is None or (value.isascii() and value.isdigit() and 1 <= int(value) <= maximum)
