"""Demo accounts, one per role, all with the password DEMO_PASSWORD (embedded default only)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles

DEMO_PASSWORD = "kuulluksi-demo"

# (pseudonym, e-mail, role, superuser)
DEMO_ACCOUNTS = [
    ("yllapitaja", "yllapitaja@example.org", roles.COORDINATOR, True),
    ("koordinaattori", "koordinaattori@example.org", roles.COORDINATOR, False),
    ("vapaaehtoinen", "vapaaehtoinen@example.org", roles.PEER_MODERATOR, False),
    ("sosiaalityo", "sosiaalityo@example.org", roles.SOCIAL_WORK_STAFF, False),
    ("kansalainen", "kansalainen@example.org", roles.CITIZEN, False),
]


def load(command):
    User = get_user_model()
    created = []
    for pseudonym, email, role, superuser in DEMO_ACCOUNTS:
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
    command.stdout.write("")
    command.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for pseudonym, email, role, superuser in DEMO_ACCOUNTS:
        label = "superuser" if superuser else role
        command.stdout.write(f"  {pseudonym:<16} {email:<30} {label}")
