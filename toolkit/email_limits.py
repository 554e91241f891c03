"""How many emails to addresses that someone typed one sender may cause in an hour, and the
whole site.

Sign-up and password reset email any address typed, to anyone, and an account may invite or
move to any address: without a limit, one visitor could make the site send mail to thousands
of strangers, and mail servers that receive it would soon refuse the reminders people rely on.
Each such request counts against its sender (a signed-in account, or else the network it came
from) and against the site, for an hour. The limits are counted before anything about the
address is looked at, so being refused says nothing of whether it has an account.

Senders are kept only as a keyed hash, for that hour (docs/decisions.md).
"""

import ipaddress
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from toolkit.models import EmailRequest

WINDOW = timedelta(hours=1)
REFUSED = "We cannot send more emails for you just now. Try again in an hour."

# One person's IPv6 connection is given a whole /64 network, any address of which is theirs.
IPV6_NETWORK = 64


def sender(request: HttpRequest) -> str:
    """Who a request's emails count against: its account, or else its network."""
    if request.user.is_authenticated:
        who = f"account {request.user.pk}"
    else:
        address = get_client_ip_address(request) or ""
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            who = "network unknown"
        else:
            prefix = IPV6_NETWORK if parsed.version == 6 else 32
            who = f"network {ipaddress.ip_network(f'{parsed}/{prefix}', strict=False)}"
    return salted_hmac("toolkit.email-limits", who, algorithm="sha256").hexdigest()


def counted(request: HttpRequest) -> EmailRequest | None:
    """This request's email, counted against its sender and the site; None when either has
    had its hour's share, and the request must send nothing.

    Counted first and the count read after, so that presses at the same moment cannot all
    slip under a limit; one refused is taken back, so that a sender who keeps pressing holds
    only their own share of the site's."""
    now = timezone.now()
    delete_expired()
    asked = EmailRequest.objects.create(sender=sender(request), asked_at=now)
    counts = EmailRequest.objects.filter(asked_at__gt=now - WINDOW).aggregate(
        sender=Count("pk", filter=Q(sender=asked.sender)), site=Count("pk")
    )
    if (
        counts["sender"] <= settings.EMAILS_PER_SENDER_PER_HOUR
        and counts["site"] <= settings.EMAILS_PER_HOUR
    ):
        return asked
    not_sent(asked)
    return None


def not_sent(asked: EmailRequest) -> None:
    """The email counted did not go (one went to the address a moment ago, or the mail server
    was down): only emails sent are counted."""
    asked.delete()


def delete_expired() -> None:
    EmailRequest.objects.filter(asked_at__lte=timezone.now() - WINDOW).delete()
