"""All email leaves through here.

Each email `NAME` has three templates under `templates/emails/`: `NAME_subject.txt`,
`NAME.txt` and `NAME.html`. Links in the context are paths; `site_url` makes them
absolute. The subject and the text are plain text, rendered without HTML escaping;
only the HTML part is escaped.
"""

import email.policy
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


class Message(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        # Headers may run to RFC 5322's 998 characters before folding: folded at 78, a long
        # List-Unsubscribe address becomes encoded-words that mail programs cannot follow.
        return super().message(policy=policy.clone(max_line_length=998))


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template: an apostrophe in a name stays an apostrophe, not &#x27;."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def build(name: str, to: str, context: dict, headers: dict | None = None) -> EmailMultiAlternatives:
    context = {**context, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
    subject = render_text(f"emails/{name}_subject.txt", context).strip()
    message = Message(
        subject=" ".join(subject.splitlines()),
        body=render_text(f"emails/{name}.txt", context),
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message


def send(name: str, to: str, context: dict, headers: dict | None = None) -> None:
    build(name, to, context, headers).send()


def reminder(to: str, context: dict, stop_url: str, message_id: str) -> None:
    """A reminder, with a one-click way to stop it that mail programs understand (RFC 8058).

    `message_id` names the occurrence, so that a send repeated after a failure the sender
    cannot tell from success is the same message to the mail programs that drop duplicates.
    """
    send(
        "reminder",
        to,
        {**context, "stop_url": stop_url},
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id,
        },
    )


def sent(name: str, to: str, context: dict, person_id) -> bool:
    """send(), and whether it went: a mail server that is down must not turn a request into
    an error page. A failure is logged with the person's id and the kind of failure only: an
    address in the logs would say that its owner uses a toolkit for Parkinson's, and a refused
    recipient's error message names it."""
    try:
        send(name, to, context)
    except Exception as error:
        logger.error("Failed to send %s email to %s: %s", name, person_id, type(error).__name__)
        return False
    return True


def account_notice(name: str, person, to: str, context: dict) -> None:
    """Tells someone of a change to their account that is already made, and when, on their
    own clock."""
    now = person.local_now()
    when = f"{now:%A %-d %B %Y at %H:%M} ({person.time_zone} time)"
    sent(name, to, {**context, "when": when}, person.pk)


def email_changed(person, old_email: str, undo_url: str) -> None:
    """To the address the account had: if someone else changed it, its owner hears of it, with
    a link that puts it back (`undo_url`)."""
    context = {"old_email": old_email, "email": person.email, "url": reverse("profile")}
    account_notice("email_changed", person, old_email, {**context, "undo_url": undo_url})


def password_changed(person) -> None:
    context = {"email": person.email, "url": reverse("password_reset")}
    account_notice("password_changed", person, person.email, context)
