# The Notification model now lives in the notifications app (its migration 0001 took over the table and
# its rows); here the tasks app lets go of it, in the migration state only.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("tasks", "0004_task_unit_transfers"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reminder",
                    name="notification",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="notifications.notification",
                    ),
                ),
                migrations.DeleteModel(name="Notification"),
            ],
            database_operations=[],
        ),
    ]
