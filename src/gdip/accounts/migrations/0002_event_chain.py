"""Tamper-evident audit log: seq, prev_hash, hash and algorithm on every event, and the chain head.

Existing events are chained in id order (the order they were written).
"""

import django.utils.timezone
from django.db import migrations, models


def chain_existing_events(apps, schema_editor):
    from gdip.core.audit import GENESIS, canonical_bytes, compute_hash, current_algorithm, normalise_params

    Event = apps.get_model("accounts", "Event")
    AuditChainHead = apps.get_model("accounts", "AuditChainHead")
    db = schema_editor.connection.alias
    algorithm = current_algorithm()
    prev = GENESIS
    seq = 0
    for event in Event.objects.using(db).order_by("id").iterator(chunk_size=2000):
        seq += 1
        params = normalise_params(event.params)
        payload = canonical_bytes(
            seq=seq, type=event.type, actor_id=event.actor_id, organisation_id=event.organisation_id,
            city_code=event.city_code, object_type=event.object_type, object_id=event.object_id,
            params=params, created=event.created, ip_address=event.ip_address,
        )
        digest = compute_hash(algorithm, prev, payload)
        # The historical model has no append-only save(): a plain UPDATE of the new columns.
        Event.objects.using(db).filter(pk=event.pk).update(
            seq=seq, prev_hash=prev, hash=digest, algorithm=algorithm, params=params
        )
        prev = digest
    AuditChainHead.objects.using(db).update_or_create(pk=1, defaults={"seq": seq, "hash": prev})


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(default=0, verbose_name="last sequence number")),
                ("hash", models.CharField(max_length=64, verbose_name="last hash")),
                ("updated", models.DateTimeField(default=django.utils.timezone.now, verbose_name="updated")),
            ],
            options={
                "verbose_name": "audit chain head",
                "verbose_name_plural": "audit chain head",
            },
        ),
        migrations.AddField(
            model_name="event",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="event",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="previous hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="algorithm",
            field=models.CharField(default="", editable=False, max_length=8, verbose_name="hash algorithm"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
    ]
