"""The stored explanations were written in the engine's old wording (ISO dates, codes): mark
every stored answer stale, so readers evaluate afresh and the next nightly sweep stores the
answers again in words."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_field_names_in_words"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE cases_casestate SET stale = true WHERE NOT stale",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
