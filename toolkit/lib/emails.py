"""All email leaves through here.

Each email `NAME` has three templates under `templates/emails/`: `NAME_subject.txt`,
`NAME.txt` and `NAME.html`. Links in the context are paths; `site_url` makes them
absolute. The subject and the text are plain text, rendered without HTML escaping;
only the HTML part is escaped.
"""

import email.policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string


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
