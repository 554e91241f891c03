import importlib.util
import os
import re
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


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"SITE_URL": "toolkit.example.org"},
            "SITE_URL must be the site's address with its scheme and nothing after the host, "
            "such as https://toolkit.example.org, not 'toolkit.example.org'",
        ),
        (
            {"SITE_URL": "https://toolkit.example.org/my-tracker"},
            "SITE_URL must be the site's address with its scheme and nothing after the host, "
            "such as https://toolkit.example.org, not 'https://toolkit.example.org/my-tracker'",
        ),
        (
            {"CONTENT_IMAGE_HOSTS": "img.example.org, https://img2.example.org"},
            "CONTENT_IMAGE_HOSTS must list host names only, such as img.example.org, "
            "not 'https://img2.example.org'",
        ),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS must be 0 or more, not -1"),
        ({"DATABASE_CONN_MAX_AGE": "-60"}, "DATABASE_CONN_MAX_AGE must be 0 or more, not -60"),
        ({"CONTENT_RECHECK_SECONDS": "-2"}, "CONTENT_RECHECK_SECONDS must be 0 or more, not -2"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT must be 1 or more, not 0"),
        (
            {"SUPPORT_EMAIL": "help"},
            "SUPPORT_EMAIL must be an email address, such as help@example.org, not 'help'",
        ),
        (
            {"SUPPORT_EMAIL": "Help <help@example.org>"},
            "SUPPORT_EMAIL must be an email address, such as help@example.org, "
            "not 'Help <help@example.org>'",
        ),
        (
            {"DEFAULT_FROM_EMAIL": "Parkinson's Toolkit toolkit@example.org"},
            "DEFAULT_FROM_EMAIL must be an email address, alone or as "
            "Parkinson's Toolkit <toolkit@example.org>, "
            'not "Parkinson\'s Toolkit toolkit@example.org"',
        ),
        (
            {"REDIS_URL": "https://cache.internal:6379/0"},
            "REDIS_URL must start with redis://, rediss:// or unix://, such as "
            "redis://cache.internal:6379/0, not https://",
        ),
        (
            {"REDIS_URL": "cache.internal:6379"},
            "REDIS_URL must start with redis://, rediss:// or unix://, such as "
            "redis://cache.internal:6379/0, not with no scheme",
        ),
    ],
    ids=[
        "SITE_URL without a scheme",
        "SITE_URL with a path",
        "CONTENT_IMAGE_HOSTS with a scheme",
        "SECURE_HSTS_SECONDS negative",
        "DATABASE_CONN_MAX_AGE negative",
        "CONTENT_RECHECK_SECONDS negative",
        "LOGIN_FAILURE_LIMIT zero",
        "SUPPORT_EMAIL not an address",
        "SUPPORT_EMAIL with a name",
        "DEFAULT_FROM_EMAIL without its brackets",
        "REDIS_URL another scheme",
        "REDIS_URL no scheme",
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_setting_and_what_it_should_be(env, said):
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(said)}$"):
        settings_module(**env)


def test_right_values_start_up_as_written():
    module = settings_module(
        SITE_URL="https://toolkit.example.org/",
        CONTENT_IMAGE_HOSTS="img.example.org, Photos.Example.org",
        SUPPORT_EMAIL="help@example.org",
        DEFAULT_FROM_EMAIL="Parkinson's Toolkit <toolkit@example.org>",
        REDIS_URL="rediss://cache.internal:6380/0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_CONN_MAX_AGE="0",
        CONTENT_RECHECK_SECONDS="0",
        LOGIN_FAILURE_LIMIT="1",
    )
    assert module.SITE_URL == "https://toolkit.example.org"
    # The sanitiser compares an image's host as a URL gives it, in small letters.
    assert module.CONTENT_IMAGE_HOSTS == ["img.example.org", "photos.example.org"]
    assert module.SECURE_CSP["img-src"][-2:] == [
        "https://img.example.org",
        "https://photos.example.org",
    ]
    assert module.DEFAULT_FROM_EMAIL == "Parkinson's Toolkit <toolkit@example.org>"
    assert module.AXES_FAILURE_LIMIT == 1


def test_the_defaults_start_up_for_a_local_run():
    module = settings_module(SITE_URL="", SUPPORT_EMAIL="", DEFAULT_FROM_EMAIL="")
    assert module.SITE_URL == "http://127.0.0.1:8000"
    assert module.SUPPORT_EMAIL == ""
    assert module.DEFAULT_FROM_EMAIL == "Parkinson's Toolkit <toolkit@localhost>"


def check_deploy(**env) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` as .ci/run and docs/deploying.md run it, with production values
    and these changes (an empty value leaves the variable out)."""
    production = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "ALLOWED_HOSTS": "toolkit.example.org",
        "SITE_URL": "https://toolkit.example.org",
        "DATABASE_URL": "postgres://toolkit@db.internal:5432/toolkit",
        **env,
    }
    environment = {name: value for name, value in production.items() if value}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_values_pass_the_deploy_checks():
    result = check_deploy()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"SITE_URL": ""},
            "(toolkit.E001) SITE_URL (http://127.0.0.1:8000) is this machine's own address",
        ),
        (
            {"SITE_URL": "http://localhost:8000"},
            "(toolkit.E001) SITE_URL (http://localhost:8000) is this machine's own address",
        ),
        ({"DATABASE_URL": ""}, "(toolkit.E002) DATABASE_URL is not set"),
    ],
    ids=["SITE_URL unset", "SITE_URL local", "DATABASE_URL unset"],
)
def test_production_without_its_own_address_or_database_fails_the_deploy_checks(env, said):
    result = check_deploy(**env)
    assert result.returncode == 1
    assert said in result.stderr
