"""Patients like mine: which trials' eligibility included, excluded or did not address a patient."""

from django.shortcuts import render


def patients_like_mine(request):
    return render(request, "trials/patients.html", {})
