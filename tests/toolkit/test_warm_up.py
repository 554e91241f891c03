import gc

from django.template.loader import get_template

from toolkit.warm_up import warm_up


def test_warming_up_compiles_the_templates_without_touching_the_database():
    # No database fixture: pytest-django fails any query or connection here. With --preload
    # warm_up runs in gunicorn's master, and a connection opened there would be shared by
    # every worker after the fork.
    try:
        warm_up()
        assert get_template("tracker/summary.html").template.nodelist
        # What it made is out of the collector's reach: no full collection walks it again.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the rest of the tests make and drop a great deal
