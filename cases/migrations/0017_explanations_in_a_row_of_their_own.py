"""The stored explanations move out of `cases_casestate` into a row of their own
(`CaseExplanation`): three quarters of an answer's bytes, which the scans of a prison's answers
(figures, caseloads, the sweep) never read. Each row's explanations are copied across before the
column goes; going back copies them home again."""

import django.db.models.deletion
from django.db import migrations, models

COPY_OUT = (
    "INSERT INTO cases_caseexplanation (state_id, explanations) "
    "SELECT prisoner_id, explanations FROM cases_casestate"
)
COPY_BACK = (
    "UPDATE cases_casestate SET explanations = ("
    "SELECT e.explanations FROM cases_caseexplanation e "
    "WHERE e.state_id = cases_casestate.prisoner_id) "
    "WHERE EXISTS (SELECT 1 FROM cases_caseexplanation e "
    "WHERE e.state_id = cases_casestate.prisoner_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_indexes_for_keywork_and_pom_contact"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseExplanation",
            fields=[
                (
                    "state",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="why",
                        serialize=False,
                        to="cases.casestate",
                    ),
                ),
                (
                    "explanations",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="Why, in words, as of the day evaluated.",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(COPY_OUT, reverse_sql=COPY_BACK),
        migrations.RemoveField(
            model_name="casestate",
            name="explanations",
        ),
    ]
