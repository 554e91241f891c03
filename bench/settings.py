"""The app's own settings, plus the trivial views every page is compared with (bench/urls.py)."""

from toolkit.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
