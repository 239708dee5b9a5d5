"""The curation admin: every curated model, validated, sourced, reviewable and reversible."""

from django.contrib import admin

from . import eligibility, results, safety, trials  # noqa: F401  (registers the model admins)

admin.site.site_header = "Radioligand trials — curation"
admin.site.site_title = "Radioligand trials curation"
admin.site.index_title = "Curated data"
