"""The app's own settings, plus one trivial view: the ceiling every page is compared with."""

from toolkit.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
