import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group

from accounts import roles


def test_every_role_is_a_group_with_exactly_its_permissions(db):
    for role, expected in roles.role_permissions().items():
        group = Group.objects.get(name=role)
        granted = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert granted == set(expected)


def test_sync_roles_removes_permissions_granted_by_hand(db):
    from django.contrib.auth.models import Permission

    citizen = Group.objects.get(name=roles.CITIZEN)
    citizen.permissions.add(Permission.objects.get(codename="access_admin"))
    roles.sync_roles()
    assert not citizen.permissions.exists()


@pytest.mark.parametrize(
    ("role", "can_enter"),
    [
        (roles.CITIZEN, False),
        (roles.PEER_MODERATOR, True),
        (roles.COORDINATOR, True),
        (roles.SOCIAL_WORK_STAFF, True),
    ],
)
def test_only_staff_roles_reach_the_wagtail_admin(client, make_user, home_page, role, can_enter):
    client.force_login(make_user(role=role))
    response = client.get("/admin/")
    if can_enter:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_the_role_names_import_before_the_apps_are_loaded():
    """AppConfig modules import ``accounts.roles`` for the role names, before any model can load."""
    code = "import accounts.roles as roles; print(roles.COORDINATOR)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.stdout.strip() == "coordinator", result.stderr
