"""seq becomes required and unique; the database refuses UPDATE and DELETE on the audit log.

The triggers (SQLite: BEFORE UPDATE / BEFORE DELETE … RAISE(ABORT); PostgreSQL: a BEFORE UPDATE
OR DELETE row trigger raising an exception) stop even raw SQL through the application's
connection. SQL per vendor lives in gdip.core.audit.
"""

from django.db import migrations, models


def install(apps, schema_editor):
    from gdip.core.audit import install_guard

    install_guard(schema_editor.connection)


def remove(apps, schema_editor):
    from gdip.core.audit import remove_guard

    remove_guard(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_event_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="sequence number"),
        ),
        migrations.RunPython(install, remove),
    ]
