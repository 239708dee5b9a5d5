"""Curators and editors work on crossover counts as on every other curated record."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(*codenames):
        return Permission.objects.filter(content_type__app_label="trials", codename__in=codenames)

    actions = ("view_crossover", "add_crossover", "change_crossover", "delete_crossover")
    for name in ("Curator", "Editor"):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*perms(*actions, "view_historicalcrossover"))


class Migration(migrations.Migration):
    dependencies = [("trials", "0008_evidence_breadth")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
