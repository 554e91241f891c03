"""Notes and contacts: plain lists of the patient's records with add, change and remove."""

from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from notes.forms import ContactForm, NoteForm
from notes.models import Contact, Note
from notes.views.common import SECTION, delete_record, edit_record, new_record
from toolkit.access import patient_access


def note_list(request: HttpRequest):
    access = patient_access(request, SECTION)
    notes = Note.objects.filter(patient=access.patient).select_related("recorded_by")
    return render(request, "notes/notes.html", {"notes": notes, "access": access})


@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest):
    access_today = patient_access(request, SECTION).patient.local_today()
    return new_record(
        request,
        NoteForm,
        "notes/note_form.html",
        lambda _: "notes_notes",
        "{who.Your} note “{record.label}” has been saved.",
        initial={"written_on": access_today},
    )


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk):
    return edit_record(
        request,
        Note.objects.all(),
        NoteForm,
        "notes/note_form.html",
        pk,
        lambda _: "notes_notes",
        "{who.Your} note “{record.label}” has been saved.",
        listed="notes_notes",
    )


@require_http_methods(["GET", "POST"])
def note_delete(request: HttpRequest, pk):
    return delete_record(
        request,
        Note,
        pk,
        "notes_notes",
        "The note “{record.label}” was deleted.",
        title="Delete this note?",
        what="The note “{record.label}”.",
    )


def contact_list(request: HttpRequest):
    access = patient_access(request, SECTION)
    contacts = Contact.objects.filter(patient=access.patient).select_related("recorded_by")
    return render(request, "notes/contacts.html", {"contacts": contacts, "access": access})


@require_http_methods(["GET", "POST"])
def contact_new(request: HttpRequest):
    return new_record(
        request,
        ContactForm,
        "notes/contact_form.html",
        lambda _: "notes_contacts",
        "{record.name} has been added to {who.your} contacts.",
    )


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk):
    return edit_record(
        request,
        Contact.objects.all(),
        ContactForm,
        "notes/contact_form.html",
        pk,
        lambda _: "notes_contacts",
        "{record.name} has been saved.",
        listed="notes_contacts",
    )


@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk):
    return delete_record(
        request,
        Contact,
        pk,
        "notes_contacts",
        "{record.name} was removed from {who.your} contacts.",
        title="Remove this contact?",
        what="{record.name}.",
    )
