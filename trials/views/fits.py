"""Where radioligand therapy fits: per disease, the clinical settings in treatment order."""

from django.shortcuts import render

from ..caching import cached_public_page


@cached_public_page
def where_it_fits(request):
    return render(request, "trials/settings.html", {})
