from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from content.pages import get_page
from notes.forms import NewQuestionForm, QuestionForm
from notes.models import Contact, Question
from notes.views.common import SECTION, delete_record, edit_record, save_once, tell_saved
from toolkit.access import acting_for, nothing_saved, patient_access
from toolkit.confirm import record_or_gone
from toolkit.context_processors import who
from toolkit.lib.words import counted, plural

LIST = "notes_questions"
PATH_LIMIT = Question._meta.get_field("page_path").max_length


@require_http_methods(["GET", "POST"])
def question_list(request: HttpRequest):
    """The questions grouped by the page they came from, and a form to write one's own."""
    access = patient_access(request, SECTION, write=request.method == "POST")
    words = who(acting_for(request))
    form = NewQuestionForm(
        request.POST or None,
        patient=access.patient,
        today=access.patient.local_today(),
        who=words,
    )
    if request.method == "POST" and form.is_valid():
        question, created = save_once(form, access, request)
        tell_saved(request, question, created, f"{words.Your} question has been added.")
        return redirect(LIST)
    questions = Question.objects.for_patient(access.patient).order_by(
        "-page_path", "page_title", "recorded_at"
    )
    groups = [
        {"path": path, "questions": list(items)}
        for path, items in groupby(questions, key=lambda q: q.page_path)
    ]
    return render(
        request, "notes/questions.html", {"groups": groups, "form": form, "access": access}
    )


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk):
    return edit_record(
        request,
        Question.objects.all(),
        QuestionForm,
        "notes/question_form.html",
        pk,
        lambda _: LIST,
        "{who.Your} question has been saved.",
        listed=LIST,
    )


@require_POST
def question_asked(request: HttpRequest, pk):
    """One button per question: mark it asked (or to ask again)."""
    _, question = record_or_gone(request, Question, SECTION, pk, write=True)
    if question is None:
        return redirect(LIST)
    question.status = Question.TO_ASK if question.status == Question.ASKED else Question.ASKED
    question.save(update_fields=["status"])
    # Said in words: the page comes back at its top, with the list in another order.
    now = "marked as asked" if question.status == Question.ASKED else "back on the list to ask"
    messages.success(request, f"“{question.text}” is {now}.")
    if request.POST.get("next") == "appointment" and question.appointment_id:
        return redirect("notes_appointment", question.appointment_id)
    return redirect(LIST)


@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk):
    return delete_record(
        request,
        Question,
        pk,
        LIST,
        "The question has been removed.",
        title="Remove this question?",
        what="“{record.text}”",
    )


def posted_page(request: HttpRequest):
    """The information page named in the form: only its own text is ever used."""
    path = request.POST.get("page", "")
    # Longer than any page path we keep (and than a file name may be).
    page = get_page(path) if len(path) <= PATH_LIMIT else None
    if page is None:
        raise Http404
    return page


# Where on an information page its questions and organisations are kept, and what was saved
# from there is said (templates/content/partials/save_to_notes.html): on a long page, the top is
# thousands of pixels away from the next organisation to add.
SAVED_FROM_PAGE = "save-to-notes"


def back_to_saving(page) -> HttpResponseRedirect:
    return redirect(f"{page.url}#{SAVED_FROM_PAGE}")


@require_POST
def questions_from_page(request: HttpRequest):
    access = patient_access(request, SECTION, write=True)
    page = posted_page(request)
    have = set(
        Question.objects.filter(patient=access.patient, page_path=page.path).values_list(
            "page_text", flat=True
        )
    )
    texts = [t[:500] for t in dict.fromkeys(page.questions) if t[:500] not in have]
    Question.objects.bulk_create(
        [
            Question(
                patient=access.patient,
                recorded_by=request.user,
                text=text,
                page_text=text,
                page_path=page.path,
                page_title=page.title,
                page_url=page.url,
            )
            for text in texts
        ],
        # Two presses at once: the unique constraint keeps one of each.
        ignore_conflicts=True,
    )
    words = who(acting_for(request))
    if texts:
        n = len(texts)
        messages.success(
            request,
            f"{counted(n, 'question', 'questions')} from this page "
            f"{plural(n, 'was', 'were')} added to {words.My} Reminders & Notes.",
            extra_tags=SAVED_FROM_PAGE,
        )
    else:
        nothing_saved(request)
        messages.info(
            request,
            f"The questions from this page are already in {words.your} notes.",
            extra_tags=SAVED_FROM_PAGE,
        )
    return back_to_saving(page)


@require_POST
def contact_from_page(request: HttpRequest):
    access = patient_access(request, SECTION, write=True)
    page = posted_page(request)
    index = request.POST.get("organisation", "")
    # Only the numbers the page's buttons send: "²" is a digit int() refuses, and
    # "-1" would count from the end.
    if index not in {str(n) for n in range(len(page.organisations))}:
        raise Http404
    organisation = page.organisations[int(index)]
    _, created = Contact.objects.get_or_create(
        patient=access.patient,
        page_path=page.path,
        name=organisation.name[:200],
        defaults={
            "recorded_by": request.user,
            "phone": organisation.phone[:100],
            "website": organisation.website[:500],
        },
    )
    your = who(acting_for(request)).your
    if created:
        said = f"{organisation.name} was added to {your} contacts."
        messages.success(request, said, extra_tags=SAVED_FROM_PAGE)
    else:
        nothing_saved(request)
        said = f"{organisation.name} is already in {your} contacts."
        messages.info(request, said, extra_tags=SAVED_FROM_PAGE)
    return back_to_saving(page)
