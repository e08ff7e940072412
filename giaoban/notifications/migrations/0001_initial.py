# The notifications of the tasks app move to their own app with their rows: the model is taken over in
# the migration state, its table renamed (tasks_notification → notifications_notification), its
# content type relabelled; then the fields that name an event's committee and unit, and the digest.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("reminder_before", "Sắp đến hạn"),
    ("reminder_due", "Đến hạn"),
    ("reminder_overdue", "Quá hạn"),
    ("extension_requested", "Đề nghị gia hạn"),
    ("extension_approved", "Gia hạn được chấp thuận"),
    ("extension_rejected", "Gia hạn không được chấp thuận"),
    ("completion_reported", "Báo cáo hoàn thành"),
    ("completion_confirmed", "Xác nhận hoàn thành"),
    ("completion_returned", "Trả lại báo cáo hoàn thành"),
    ("report_reminder", "Nhắc gửi báo cáo"),
    ("task_assigned", "Giao nhiệm vụ"),
    ("report_requested", "Đề nghị gửi báo cáo"),
    ("submission_submitted", "Đơn vị gửi báo cáo"),
    ("submission_resubmitted", "Đơn vị gửi lại báo cáo"),
    ("submission_returned", "Báo cáo bị trả lại"),
    ("submission_accepted", "Báo cáo được tiếp nhận"),
    ("report_awaiting_approval", "Báo cáo chờ duyệt"),
    ("meeting_invitation", "Mời dự hội nghị"),
]


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="notifications", model="notification").exists():
        return
    ContentType.objects.using(db).filter(app_label="tasks", model="notification").update(
        app_label="notifications"
    )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="notifications", model="notification"
    ).update(app_label="tasks")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0002_committee_reporting_convention_and_more"),
        ("tasks", "0003_deadline_wording"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=KINDS, max_length=30, verbose_name="loại")),
                        ("on_date", models.DateField(blank=True, null=True, verbose_name="ngày liên quan")),
                        ("days", models.IntegerField(blank=True, null=True, verbose_name="số ngày")),
                        ("note", models.TextField(blank=True, verbose_name="ghi chú")),
                        ("link", models.CharField(blank=True, max_length=300, verbose_name="đường dẫn")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="đã đọc lúc")),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="người nhận",
                            ),
                        ),
                        (
                            "task",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="tasks.task",
                                verbose_name="nhiệm vụ",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thông báo",
                        "verbose_name_plural": "thông báo",
                        "db_table": "tasks_notification",
                        "indexes": [
                            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
                            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RunPython(move_content_type, restore_content_type),
        migrations.AddField(
            model_name="notification",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="org.committee",
                verbose_name="ban chỉ đạo",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.organisation",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="subject",
            field=models.CharField(blank=True, max_length=500, verbose_name="nội dung"),
        ),
        migrations.AddField(
            model_name="notification",
            name="digest_pending",
            field=models.BooleanField(default=False, verbose_name="chờ thư tổng hợp"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("digest_pending", True)),
                fields=["recipient", "id"],
                name="notification_digest_idx",
            ),
        ),
        migrations.CreateModel(
            name="NotificationSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "email_mode",
                    models.CharField(
                        choices=[
                            ("immediate", "Gửi thư ngay khi có thông báo"),
                            ("daily", "Một thư tổng hợp mỗi ngày"),
                            ("none", "Không gửi thư (chỉ xem trong hệ thống)"),
                        ],
                        default="immediate",
                        max_length=10,
                        verbose_name="thư điện tử",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_settings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "cài đặt thông báo", "verbose_name_plural": "cài đặt thông báo"},
        ),
    ]
