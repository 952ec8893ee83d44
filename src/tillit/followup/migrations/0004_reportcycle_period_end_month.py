# The delårsrapport's end month per municipality (compiled municipality-wide report, issue 13).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_alter_notification_kind_notificationpreference"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportcycle",
            name="period_end_month",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="perioden slutar med månad"
            ),
        ),
    ]
