"""What every role may do in the chat beyond the views of the matrix: the chat's permissions per role.

The services ask permissions (``chat/services/permissions.py``); this table says which roles hold them,
as the rooms and sessions of the world show it. Only the world's ``host`` is on a shift of the open
session; the roles under test are on none.
"""

import pytest

from chat import services

from .matrix import COORDINATORS, MODERATORS
from .world import ROLES

# what -> (the check, asked of one user and the world's objects; the roles that pass it)
CHAT_RIGHTS = {
    "enter the closed group": (lambda user, o: services.may_enter(user, o["group_room"]), MODERATORS),
    "enter the supervision room": (
        lambda user, o: services.may_enter(user, o["supervision_room"]),
        MODERATORS,
    ),
    "take shifts": (lambda user, o: services.is_volunteer(user), MODERATORS),
    "invite members": (lambda user, o: services.may_invite(user), MODERATORS),
    "moderate a session without a shift": (
        lambda user, o: services.can_moderate(user, o["open_session"]),
        COORDINATORS,
    ),
}


@pytest.mark.parametrize("what", CHAT_RIGHTS)
def test_every_role_has_the_chat_rights_of_the_table(world, db, what):
    check, allowed = CHAT_RIGHTS[what]
    wrong = [role for role in ROLES if check(world.users[role], world.objects) != (role in allowed)]
    assert not wrong, f"{what}: {wrong}"
