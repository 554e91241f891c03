from django.apps import apps
from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED

OUR_APPS = {"toolkit", "tracker", "notes"}


def test_a_required_column_added_after_the_first_release_has_a_database_default():
    # During an upgrade the previous version keeps serving between `migrate` and the
    # restart, inserting rows without the new column: only a database default lets it.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    lacking = []
    for (app, name), migration in loader.disk_migrations.items():
        if app not in OUR_APPS:
            continue
        for operation in migration.operations:
            if not isinstance(operation, migrations.AddField):
                continue
            model = apps.get_model(app, operation.model_name)
            if operation.name not in {field.name for field in model._meta.get_fields()}:
                continue  # taken off the model since
            field = model._meta.get_field(operation.name)
            if not field.null and field.db_default is NOT_PROVIDED:
                lacking.append(f"{app}.{operation.model_name}.{operation.name} ({name})")
    assert lacking == []
