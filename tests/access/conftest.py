"""The access-control tests share one world per module: it is built once, inside a transaction that is
rolled back when the module ends; each test runs in a savepoint inside it, so nothing leaks between tests."""

import pytest
from django.db import transaction
from django.test import Client

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.clients = {}
        for role, user in world.users.items():
            world.clients[role] = Client()
            if user is not None:
                world.clients[role].force_login(user)
        yield world
        transaction.set_rollback(True)
