"""`Allocation` (who holds each case now) arrives from the allocation app with its table,
which is then renamed to this app's. No row changes."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_dashboard_access_and_targets'),
        ('allocation', '0003_allocation_moves_to_cases'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Allocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('com_name', models.CharField(blank=True, max_length=200, verbose_name='COM name')),
                        ('com_email', models.EmailField(blank=True, max_length=254, verbose_name='COM email')),
                        ('com_team', models.CharField(blank=True, max_length=200, verbose_name='probation team')),
                        ('com_pdu', models.CharField(blank=True, max_length=200, verbose_name='probation delivery unit')),
                        ('com_allocated_on', models.DateField(blank=True, null=True)),
                        ('pom_allocated_at', models.DateTimeField(blank=True, null=True)),
                        ('keyworker_allocated_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.CharField(blank=True, max_length=300)),
                        ('accepted_mismatch_type', models.CharField(blank=True, help_text='The recommended POM type an admin chose not to follow (with a reason). The case is listed for re-allocation only if the recommendation changes again.', max_length=30, verbose_name='POM type overridden')),
                        ('version', models.PositiveIntegerField(default=0)),
                        ('com', models.ForeignKey(blank=True, help_text='The COM, when they use this service.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='com_allocations', to=settings.AUTH_USER_MODEL)),
                        ('keyworker', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='keyworker_allocations', to=settings.AUTH_USER_MODEL)),
                        ('primary_pom', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='primary_allocations', to=settings.AUTH_USER_MODEL)),
                        ('prisoner', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='allocation', to='cases.prisoner')),
                        ('secondary_pom', models.ForeignKey(blank=True, help_text='Co-working POM, e.g. for cover.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='secondary_allocations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={'db_table': 'allocation_allocation'},
                ),
                migrations.CreateModel(
                    name='HistoricalAllocation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('com_name', models.CharField(blank=True, max_length=200, verbose_name='COM name')),
                        ('com_email', models.EmailField(blank=True, max_length=254, verbose_name='COM email')),
                        ('com_team', models.CharField(blank=True, max_length=200, verbose_name='probation team')),
                        ('com_pdu', models.CharField(blank=True, max_length=200, verbose_name='probation delivery unit')),
                        ('com_allocated_on', models.DateField(blank=True, null=True)),
                        ('pom_allocated_at', models.DateTimeField(blank=True, null=True)),
                        ('keyworker_allocated_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.CharField(blank=True, max_length=300)),
                        ('accepted_mismatch_type', models.CharField(blank=True, help_text='The recommended POM type an admin chose not to follow (with a reason). The case is listed for re-allocation only if the recommendation changes again.', max_length=30, verbose_name='POM type overridden')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('com', models.ForeignKey(blank=True, db_constraint=False, help_text='The COM, when they use this service.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('keyworker', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('primary_pom', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('prisoner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.prisoner')),
                        ('secondary_pom', models.ForeignKey(blank=True, db_constraint=False, help_text='Co-working POM, e.g. for cover.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'allocation_historicalallocation',
                        'verbose_name': 'historical allocation',
                        'verbose_name_plural': 'historical allocations',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.AlterModelTable(name='allocation', table=None),
        migrations.AlterModelTable(name='historicalallocation', table=None),
    ]
