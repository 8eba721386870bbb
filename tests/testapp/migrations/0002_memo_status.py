from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('testapp', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='memo',
            name='status',
            field=models.CharField(default='draft', max_length=16),
        ),
    ]
