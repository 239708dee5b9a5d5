from django.urls import path

from .views import catalogue, compare, fits, overview, patients, trial

urlpatterns = [
    path("", overview.home, name="home"),
    path("trials/", catalogue.CatalogueView.as_view(), name="catalogue"),
    path("trials/<slug:slug>/", trial.trial_detail, name="trial"),
    path("compare/", compare.compare, name="compare"),
    path("treatment-settings/", fits.where_it_fits, name="settings"),
    path("patients-like-mine/", patients.patients_like_mine, name="patients"),
]
