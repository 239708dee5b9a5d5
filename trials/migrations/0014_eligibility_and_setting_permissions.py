"""Curators and editors work on eligibility criteria and clinical settings as on every other
curated record."""

from django.db import migrations

MODELS = ("eligibilitycriterion", "clinicalsetting")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")
    ]
    codenames += [f"view_historical{model}" for model in MODELS]
    perms = Permission.objects.filter(content_type__app_label="trials", codename__in=codenames)
    for name in ("Curator", "Editor"):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("trials", "0013_eligibility_criterion")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
