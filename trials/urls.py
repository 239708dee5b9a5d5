from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("trials/", views.CatalogueView.as_view(), name="catalogue"),
    path("trials/<slug:slug>/", views.trial_detail, name="trial"),
    path("compare/", views.compare, name="compare"),
]
