import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from toolkit.lib.env import env_bool, env_int, parse_email_url


def test_a_boolean_setting_that_is_neither_true_nor_false_stops_start_up(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_a_number_setting_that_is_not_a_number_stops_start_up(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_email_url_gives_the_smtp_settings():
    options = parse_email_url("smtp+tls://bot%40x.org:p%2Fw@mail.example.org:2525")["OPTIONS"]
    assert options["host"] == "mail.example.org"
    assert options["port"] == 2525
    assert options["username"] == "bot@x.org"
    assert options["password"] == "p/w"
    assert options["use_tls"] is True


def test_email_url_with_an_unknown_scheme_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        parse_email_url("carrier-pigeon://loft")


def settings_in_a_fresh_process(**env) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "toolkit.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_redis_url_gives_a_shared_cache_and_sessions_stay_with_their_person():
    result = settings_in_a_fresh_process(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "toolkit.sessions",
    ]


MAKEMIGRATIONS_CHECK = ("manage.py", "makemigrations", "--check", "--dry-run")
ROOT = Path(__file__).resolve().parents[2]


def in_production_without_a_secret_key(*command: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "command",
    [("-c", "import toolkit.wsgi"), ("manage.py", "sendreminders", "--once")],
    ids=["web server", "reminder sender"],
)
def test_what_signs_refuses_to_start_without_a_secret_key_in_production(command):
    result = in_production_without_a_secret_key(*command)
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_a_command_that_signs_nothing_runs_without_a_secret_key():
    result = in_production_without_a_secret_key(*MAKEMIGRATIONS_CHECK)
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def settings_module(**env) -> ModuleType:
    """toolkit/settings.py as it reads with these environment variables, in this process."""
    spec = importlib.util.find_spec("toolkit.settings")
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, env):
        spec.loader.exec_module(module)
    return module


def test_an_unknown_log_level_stops_start_up_naming_the_setting_and_its_values():
    expected = "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'verbose'"
    with pytest.raises(ImproperlyConfigured, match=expected):
        settings_module(LOG_LEVEL="verbose")
    assert settings_module(LOG_LEVEL="warning").LOGGING["root"]["level"] == "WARNING"


@pytest.mark.parametrize(("name", "level"), [("WARN", "WARNING"), ("fatal", "CRITICAL")])
def test_the_other_names_logging_accepts_for_a_level_still_start_up(name, level):
    module = settings_module(LOG_LEVEL=name, REQUEST_LOG_LEVEL=name)
    assert module.LOGGING["root"]["level"] == level
    assert module.LOGGING["loggers"]["toolkit.requests"]["level"] == level


def test_a_negative_proxy_count_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="PROXY_COUNT must be 0 or more"):
        settings_module(PROXY_COUNT="-1")
