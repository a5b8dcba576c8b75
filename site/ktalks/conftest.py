import pytest

from ktalks.tests import factories


@pytest.fixture
def ktalk_index(db):
    return factories.index_page()


@pytest.fixture
def coordinator(make_user):
    return make_user(role="coordinator")


@pytest.fixture
def approver(make_user, ktalk_index):
    from django.contrib.auth.models import Group

    from ktalks.services import APPROVER_GROUP

    user = make_user(role="coordinator")
    user.groups.add(Group.objects.get(name=APPROVER_GROUP))
    return user
