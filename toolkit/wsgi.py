import os

from django.core.wsgi import get_wsgi_application

from toolkit.lib.env import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")
application = get_wsgi_application()
require_secret_key()

from toolkit.warm_up import warm_up  # noqa: E402 - needs the app loaded

warm_up()
