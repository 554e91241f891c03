"""The account's own record URLs: only their owner reaches them, never a carer."""

from tests.access_matrix import register
from tests.conftest import grant_care, make_user


@register("sharing_change", methods=("GET", "POST"), section="account")
def _grant_given(patient):
    return {"grant_id": grant_care(patient, make_user("helper@example.com"), tracker="view").pk}


@register("sharing_revoke", methods=("GET", "POST"), section="account")
def _grant_to_revoke(patient):
    return _grant_given(patient)


@register("caring_act", methods=("POST",), section="account")
def _grant_received(patient):
    return {"grant_id": grant_care(make_user("cared-for@example.com"), patient, tracker="view").pk}


@register("caring_leave", methods=("GET", "POST"), section="account")
def _grant_to_leave(patient):
    return _grant_received(patient)
