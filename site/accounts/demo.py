"""Demo accounts, one per role, all with the password DEMO_PASSWORD (embedded default only)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles

DEMO_PASSWORD = "kuulluksi-demo"

# (pseudonym, e-mail, role, superuser, what to try with it)
DEMO_ACCOUNTS = [
    ("yllapitaja", "yllapitaja@example.org", roles.COORDINATOR, True, "superuser: everything, the whole admin"),
    ("koordinaattori", "koordinaattori@example.org", roles.COORDINATOR, False, "coordinator: pages, rules, word lists, bans, appeals, volunteers"),
    ("vapaaehtoinen", "vapaaehtoinen@example.org", roles.PEER_MODERATOR, False, "peer moderator: the moderation queue; on shift in the chat open now"),
    ("sosiaalityo", "sosiaalityo@example.org", roles.SOCIAL_WORK_STAFF, False, "social-work staff: eRaati surveys, results, contacts, councils"),
    ("kansalainen", "kansalainen@example.org", roles.CITIZEN, False, "citizen: forum posts, reports, the closed chat group"),
]  # fmt: skip


def load(command):
    User = get_user_model()
    created = []
    for pseudonym, email, role, superuser, _what in DEMO_ACCOUNTS:
        user = User.objects.filter(username=pseudonym).first()
        if user is None:
            user = User(username=pseudonym, email=email, is_superuser=superuser, is_staff=superuser)
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(pseudonym)
        user.groups.add(Group.objects.get(name=role))
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    command.stdout.write(f"Accounts: {len(DEMO_ACCOUNTS)} demo accounts, {len(created)} new.")


def demo_accounts() -> list[tuple[str, str]]:
    """(pseudonym, what to try with it) for the summary that ``load_demo`` ends with."""
    return [(pseudonym, what) for pseudonym, _email, _role, _superuser, what in DEMO_ACCOUNTS]
