from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from notes.models import Appointment, Note, Question
from notes.views.common import SECTION
from notes.views.reminders import shown
from toolkit.access import patient_access


def home(request: HttpRequest):
    access = patient_access(request, SECTION)
    patient = access.patient
    return render(
        request,
        "notes/home.html",
        {
            "appointments": Appointment.objects.filter(
                patient=patient, starts_at__gte=timezone.now()
            )[:3],
            "to_ask": Question.objects.filter(patient=patient, status=Question.TO_ASK).count(),
            "notes": Note.objects.filter(patient=patient)[:3],
            "reminders": shown(request).filter(patient=patient, active=True).count(),
            "access": access,
        },
    )


def information_redirect(request: HttpRequest):
    return redirect("notes_home")
