import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
application = get_wsgi_application()

from toolkit.warm_up import warm_up  # noqa: E402 - needs the app loaded

warm_up()
