"""The current holders of a case (`Allocation`) move down to `cases`, which every app reads;
the table moves with it in `cases.0005`. Only Django's idea of the models changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('allocation', '0002_events_versions_and_permissions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalallocation',
                    name='com',
                ),
                migrations.RemoveField(
                    model_name='historicalallocation',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalallocation',
                    name='keyworker',
                ),
                migrations.RemoveField(
                    model_name='historicalallocation',
                    name='primary_pom',
                ),
                migrations.RemoveField(
                    model_name='historicalallocation',
                    name='prisoner',
                ),
                migrations.RemoveField(
                    model_name='historicalallocation',
                    name='secondary_pom',
                ),
                migrations.DeleteModel(
                    name='Allocation',
                ),
                migrations.DeleteModel(
                    name='HistoricalAllocation',
                ),
            ],
        ),
        migrations.AlterModelOptions(
            name='allocationevent',
            options={'ordering': ['-created_at', '-id'], 'permissions': [('assign_case', 'Can allocate POMs, keyworkers and COMs to cases'), ('view_caseloads', "Can see every POM's caseload and the staff page"), ('view_own_caseload', 'Can see their own caseload as a POM'), ('manage_staff', 'Can change staff hours, capacity and leave')]},
        ),
    ]
