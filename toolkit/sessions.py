"""Sessions stored with the person they sign in, so that a request reads both in one query.

Django's database sessions cost every signed-in request two queries: the session, then
the person it names. Here the session row also carries that person's id, loading the
session loads the person in the same query (`SessionStore.person`), and the
authentication middleware takes that person instead of asking the database again.

Nothing about who counts as signed in changes: the person is taken only where Django's
own `auth.get_user` would accept them as they are; anything else (no person loaded, a
session signed in through another backend, a session made with an older secret key or
before a password change, an inactive account) goes through `auth.get_user` itself.
"""

import functools

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.db import connection
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from toolkit import email_limits
from toolkit.models import EmailClaim, Session, User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)

# Written out rather than built by the ORM: every signed-in request runs it, and building the
# join took five times as long as running it. Read with a plain cursor: Django's `raw` spent
# about as long matching the columns to a person's fields as the query took to run.
PERSON_FIELDS = User._meta.concrete_fields
PERSON_PK = PERSON_FIELDS.index(User._meta.pk)
PERSON_ATTNAMES = [field.attname for field in PERSON_FIELDS]
SESSION_WITH_PERSON = f"""
    SELECT {", ".join(f"toolkit_user.{field.column}" for field in PERSON_FIELDS)},
        toolkit_session.session_data
    FROM toolkit_session LEFT JOIN toolkit_user ON toolkit_user.id = toolkit_session.person_id
    WHERE toolkit_session.session_key = %s AND toolkit_session.expire_date > %s
"""  # noqa: S608 - the columns are the model's own; the values are parameters


class SessionStore(db.SessionStore):
    person = None  # loaded with the session; None when it names nobody or was not loaded

    @classmethod
    def get_model_class(cls):
        return Session

    @classmethod
    def clear_expired(cls):
        """Expired sessions, addresses typed to be emailed whose link has run out, and who
        asked for such emails more than an hour ago: what `clearsessions` (run daily,
        docs/deploying.md) deletes. A sign-up begun is kept, like a session, only while it can
        be taken up."""
        super().clear_expired()
        EmailClaim.delete_expired()
        email_limits.delete_expired()

    def _validate_session_key(self, key):
        # Only a key made as Django makes them reaches the database: a made-up cookie with a
        # NUL byte in it, which PostgreSQL refuses in text, is no session rather than a 500.
        return super()._validate_session_key(key) and KEY_CHARACTERS.issuperset(key)

    def load(self):
        with connection.cursor() as cursor:
            cursor.execute(SESSION_WITH_PERSON, [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:  # no such session, or it has expired: as Django's own store does
            self._session_key = None
            return {}
        *columns, session_data = row
        self.person = _person(columns) if columns[PERSON_PK] is not None else None
        return self.decode(session_data)

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        row.person_id = data.get(auth.SESSION_KEY)
        return row


def _person(values: list) -> User:
    """The person from their columns, converted as the ORM would (SQLite keeps ids, times and
    yes-or-no in text and numbers)."""
    for index, column, converters in _converters(connection.vendor):
        for convert in converters:
            values[index] = convert(values[index], column, connection)
    return User.from_db(connection.alias, PERSON_ATTNAMES, values)


@functools.cache
def _converters(vendor: str) -> list[tuple]:
    """Which of a person's columns this database needs converted, and how; none on PostgreSQL."""
    found = []
    for index, field in enumerate(PERSON_FIELDS):
        column = field.get_col(User._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            found.append((index, column, converters))
    return found


def other_sessions(request):
    """The signed-in person's sessions on other devices and browsers, still open."""
    return Session.objects.filter(person=request.user, expire_date__gt=timezone.now()).exclude(
        session_key=request.session.session_key
    )


def signed_in_person(request):
    """The person `auth.get_user` would give, without reading them a second time."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)  # loads the session, and its person with it
    person = getattr(session, "person", None)
    if (
        person is not None
        and user_id == str(person.pk)
        and session.get(auth.BACKEND_SESSION_KEY) == MODEL_BACKEND
        and MODEL_BACKEND in settings.AUTHENTICATION_BACKENDS
        and person.is_active
        and constant_time_compare(
            session.get(auth.HASH_SESSION_KEY, ""), person.get_session_auth_hash()
        )
    ):
        return person
    return auth.get_user(request)


class SessionPersonMiddleware(AuthenticationMiddleware):
    """Django's authentication middleware, taking the person loaded with the session."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))


def _cached_user(request):
    # Cached under the attribute Django's middleware uses, which sign-in and sign-out
    # clear or replace.
    if not hasattr(request, "_cached_user"):
        request._cached_user = signed_in_person(request)
    return request._cached_user
