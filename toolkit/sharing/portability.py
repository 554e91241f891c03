"""The data document's account of sharing: whom the person shares with and helps, their
specialist links and their access log.

What the person can see of these in the app is theirs to download too. None of it is
imported: access is given by the people on the new server (an invitation to be accepted, a
link to be made), and the log of the old one is a record of what happened there.
"""

from toolkit.models import AccessEvent, CareGrant, SpecialistLink, User
from toolkit.portability import instant_text, recorder_addresses

KEYS = ("sharing", "caring", "specialist_links", "access_log")


def export(person: User) -> dict[str, list]:
    def at(instant):
        return instant_text(instant, person)

    known_as = recorder_addresses(person)
    given = CareGrant.objects.filter(patient=person).select_related("carer")
    helping = CareGrant.objects.filter(carer=person).select_related("patient")
    links = SpecialistLink.objects.filter(patient=person)
    events = AccessEvent.objects.filter(patient=person).select_related("actor").order_by("at")

    def who(event: AccessEvent) -> str | None:
        if event.actor is None:  # a carer's deleted account keeps the address invited
            return event.actor_invited_as or None
        return known_as(event.actor)

    return {
        "sharing": [
            {"email": grant.email, "name": grant.carer.name if grant.carer else None}
            | {"tracker": grant.tracker, "notes": grant.notes}
            | {"invited_at": at(grant.invited_at), "accepted_at": at(grant.accepted_at)}
            | {"ended_at": at(grant.revoked_at)}
            for grant in given
        ],
        "caring": [
            {"name": grant.patient.name, "tracker": grant.tracker, "notes": grant.notes}
            | {"accepted_at": at(grant.accepted_at), "ended_at": at(grant.revoked_at)}
            for grant in helping
            if grant.accepted_at
        ],
        "specialist_links": [
            {"start_date": link.start_date.isoformat(), "days": link.days}
            | {"made_at": at(link.recorded_at), "works_until": at(link.expires_at)}
            | {"stopped_at": at(link.revoked_at), "times_opened": link.open_count}
            | {"last_opened_at": at(link.last_opened_at)}
            for link in links
        ],
        "access_log": [
            {"at": at(event.at), "who": who(event), "action": event.action} | {"what": event.what}
            for event in events
        ],
    }
