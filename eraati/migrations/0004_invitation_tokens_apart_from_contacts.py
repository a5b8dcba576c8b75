"""Survey invitation tokens move into a per-survey set with no contact reference."""

import django.db.models.deletion
from django.db import migrations, models


def move_unspent_tokens(apps, schema_editor):
    """Unspent tokens already sent keep working: their hashes join the survey's set, in hash order."""
    SurveyInvitation = apps.get_model("eraati", "SurveyInvitation")
    InvitationToken = apps.get_model("eraati", "InvitationToken")
    InvitationToken.objects.bulk_create(
        InvitationToken(token_hash=token_hash, survey_id=survey_id)
        for token_hash, survey_id in SurveyInvitation.objects.filter(spent=False)
        .order_by("token_hash")
        .values_list("token_hash", "survey_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("eraati", "0003_disclosure_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="InvitationToken",
            fields=[
                ("token_hash", models.CharField(max_length=64, primary_key=True, serialize=False)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitation_tokens",
                        to="eraati.survey",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitation token",
                "verbose_name_plural": "invitation tokens",
            },
        ),
        migrations.RunPython(move_unspent_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="surveyinvitation", name="spent"),
        migrations.RemoveField(model_name="surveyinvitation", name="token_hash"),
        migrations.AlterField(
            model_name="meetinginvitation",
            name="sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="sent on"),
        ),
        migrations.AlterField(
            model_name="meetinginvitation",
            name="token_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="surveyinvitation",
            name="sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="sent on"),
        ),
    ]
