"""`asset` and `link`: Django's `static` and `url` for addresses fixed while the app runs.

Every page's header, footer and head carry the same few links and files, and
Django's tags work each one out afresh (a manifest lookup, a reverse): together
they cost more than the rest of an information page. These remember each answer.
"""

from functools import cache

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@cache
def _asset(path: str) -> str:
    return static(path)


@cache
def _link(name: str, prefix: str, urlconf: str | None) -> str:
    # The script prefix and URLconf are part of the key: either can differ by request.
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}`, worked out once."""
    return _asset(path)


@register.simple_tag
def link(name: str) -> str:
    """`{% url name %}` for a URL without arguments, worked out once."""
    return _link(name, get_script_prefix(), get_urlconf())


def _forget(*, setting, **kwargs):
    if setting in {"STATIC_URL", "STORAGES", "ROOT_URLCONF"}:
        _asset.cache_clear()
        _link.cache_clear()


setting_changed.connect(_forget)
