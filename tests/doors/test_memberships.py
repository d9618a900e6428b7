"""A structure's member added, changed or removed from the Django admin goes through the same services as the
team page: the same stored state and the same audit log."""

from tenants.enums import MembershipRole
from tenants.models import AuditEvent, Membership
from tests.conftest import host_client
from tests.factories import UserFactory


def admin_client():
    admin_user = UserFactory(is_superuser=True, is_staff=True)
    return host_client("localhost", admin_user), admin_user


def test_the_admin_adds_changes_and_removes_a_member_through_the_services(structure_a):
    client, admin_user = admin_client()
    member = UserFactory()
    response = client.post(
        "/django-admin/tenants/membership/add/",
        {"user": member.pk, "structure": structure_a.pk, "role": MembershipRole.REFERENT},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=member, structure=structure_a)
    added = AuditEvent.objects.get(structure=structure_a, action="member.added", target_id=member.pk)
    assert added.user_id == admin_user.pk and added.details == {"role": "referent"}

    response = client.post(
        f"/django-admin/tenants/membership/{membership.pk}/change/",
        {"user": member.pk, "structure": structure_a.pk, "role": MembershipRole.MANAGER},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=member, structure=structure_a).role == MembershipRole.MANAGER
    assert AuditEvent.objects.filter(structure=structure_a, action="member.role", target_id=member.pk).exists()

    response = client.post(f"/django-admin/tenants/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member, structure=structure_a).exists()
    assert AuditEvent.objects.filter(structure=structure_a, action="member.removed", target_id=member.pk).exists()


def test_the_structure_s_inline_members_go_through_the_services_too(structure_a):
    client, _admin = admin_client()
    member = UserFactory()
    data = {
        "name": structure_a.name, "kind": structure_a.kind, "status": structure_a.status,
        "memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 0,
        "memberships-0-user": member.pk, "memberships-0-role": MembershipRole.REFERENT,
    }  # fmt: skip
    response = client.post(f"/django-admin/tenants/structure/{structure_a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Membership.objects.filter(user=member, structure=structure_a, role=MembershipRole.REFERENT).exists()
    assert AuditEvent.objects.filter(structure=structure_a, action="member.added", target_id=member.pk).exists()
