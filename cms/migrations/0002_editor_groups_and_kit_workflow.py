"""Wagtail groups of the network's trainers and coordinators, and the kits' approval workflow.

Trainers write pages but cannot publish them; coordinators publish and approve. The
workflow "Validation des kits" is assigned to the kit index (cms.services.kit_workflow_assign)
once that page exists.
"""

from django.db import migrations

COORDINATORS_GROUP = "Coordination"
TRAINERS_GROUP = "Formateurs"
KIT_WORKFLOW = "Validation des kits"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    page_permissions = {
        codename: _permission(apps, "wagtailcore", "page", f"{codename}_page", f"Can {codename} page")
        for codename in ("add", "change", "publish", "lock", "unlock")
    }
    collection_permissions = [
        _permission(apps, app_label, model, f"{action}_{model}", f"Can {action} {model}")
        for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
        for action in ("add", "change", "choose")
    ]

    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    trainers, _created = Group.objects.get_or_create(name=TRAINERS_GROUP)
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    grants = {
        coordinators: ("add", "change", "publish", "lock", "unlock"),
        # No "publish": a trainer's kit goes through the coordinators' approval.
        trainers: ("add", "change", "lock"),
    }
    for group, codenames in grants.items():
        group.permissions.add(access_admin)
        for codename in codenames:
            if root_page is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=page_permissions[codename]
                )
        if root_collection is not None:
            for permission in collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="Approbation par la coordination").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Approbation par la coordination", content_type=task_type, active=True
        )
    task.groups.add(coordinators)
    workflow, _created = Workflow.objects.get_or_create(name=KIT_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_groups_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=KIT_WORKFLOW).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name="Approbation par la coordination").delete()
    apps.get_model("auth.Group").objects.filter(name__in=[COORDINATORS_GROUP, TRAINERS_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
