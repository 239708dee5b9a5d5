"""The two curation roles: Curators enter and correct data; Editors also publish and delete."""

from django.db import migrations

CURATED = [
    "radioligand", "trial", "publication", "arm", "analysisset", "analysissetarm", "endpoint",
    "armresult", "effectestimate", "atrisk", "adverseevent", "adverseeventarm",
    "baselinecharacteristic",
]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions, extra=()):
        codenames = [f"{action}_{model}" for action in actions for model in CURATED]
        codenames += [f"{action}_historical{model}" for action in ("view",) for model in CURATED]
        return Permission.objects.filter(content_type__app_label="trials",
                                         codename__in=[*codenames, *extra])

    curator, _ = Group.objects.get_or_create(name="Curator")
    curator.permissions.set(perms(("view", "add", "change")))
    # Curators may delete rows of a trial, never a published trial itself (enforced in the
    # admin); deleting whole trials is left to editors.
    curator.permissions.add(*perms(("delete",)).exclude(codename="delete_trial"))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(perms(("view", "add", "change", "delete"), extra=["publish_trial"]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Curator", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trials", "0002_history_and_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
