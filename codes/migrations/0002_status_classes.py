from django.db import migrations

CLASSES = [
    (1, "Informational"),
    (2, "Successful"),
    (3, "Redirection"),
    (4, "Client error"),
    (5, "Server error"),
]


def create_classes(apps, schema_editor):
    StatusClass = apps.get_model("statuskb", "StatusClass")
    for digit, name in CLASSES:
        StatusClass.objects.get_or_create(digit=digit, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("statuskb", "0001_initial")]

    operations = [migrations.RunPython(create_classes, migrations.RunPython.noop)]
