"""Cached permission sets: no permission query on a signed-in page, and never a stale grant.

Each check starts from a fresh user object, as every request does.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts import roles
from accounts.backends import VERSION_KEY, _stamp_key, _user_key

WORK_QUEUE = "moderation.work_queue"


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_a_second_request_reads_no_permission_rows(make_user, django_assert_num_queries):
    moderator = make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    again = _fresh(moderator)
    with django_assert_num_queries(0):
        assert again.has_perm(WORK_QUEUE)
        assert not again.has_perm("eraati.publish_results")


def test_leaving_a_role_takes_effect_at_once(make_user):
    moderator = make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    moderator.groups.remove(Group.objects.get(name=roles.PEER_MODERATOR))
    assert not _fresh(moderator).has_perm(WORK_QUEUE)


def test_being_removed_from_the_role_s_side_takes_effect_at_once(make_user):
    moderator, other = make_user(role=roles.PEER_MODERATOR), make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE) and _fresh(other).has_perm(WORK_QUEUE)
    Group.objects.get(name=roles.PEER_MODERATOR).user_set.remove(moderator)
    assert not _fresh(moderator).has_perm(WORK_QUEUE)
    assert _fresh(other).has_perm(WORK_QUEUE)


def test_someone_else_signing_up_keeps_a_moderator_s_set_cached(make_user, django_assert_num_queries):
    moderator = make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    make_user()
    again = _fresh(moderator)
    with django_assert_num_queries(0):
        assert again.has_perm(WORK_QUEUE)


def test_a_permission_taken_from_a_role_is_gone_for_its_members(make_user):
    moderator = make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    group = Group.objects.get(name=roles.PEER_MODERATOR)
    group.permissions.remove(*group.permissions.filter(codename="work_queue"))
    assert not _fresh(moderator).has_perm(WORK_QUEUE)


def test_a_deleted_role_grants_nothing(make_user):
    moderator = make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    Group.objects.filter(name=roles.PEER_MODERATOR).delete()
    assert not _fresh(moderator).has_perm(WORK_QUEUE)


def test_a_former_superuser_keeps_nothing(make_user):
    admin = make_user()
    admin.is_superuser = True
    admin.save()
    assert _fresh(admin).has_perm(WORK_QUEUE)
    admin.is_superuser = False
    admin.save()
    assert not _fresh(admin).has_perm(WORK_QUEUE)


def test_a_deactivated_account_has_no_permissions(make_user):
    moderator = make_user(role=roles.PEER_MODERATOR)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    get_user_model().objects.filter(pk=moderator.pk).update(is_active=False)
    assert not _fresh(moderator).has_perm(WORK_QUEUE)


def test_a_set_cached_by_a_reader_during_the_change_is_not_used_after_it(
    make_user, django_capture_on_commit_callbacks
):
    """A concurrent request between the change and its commit still reads the old rows and caches
    them under the version of that moment; once committed, that entry must not grant anything."""
    moderator = make_user(role=roles.PEER_MODERATOR)
    granted = _fresh(moderator).get_all_permissions()
    with django_capture_on_commit_callbacks(execute=True):
        moderator.groups.remove(Group.objects.get(name=roles.PEER_MODERATOR))
        stamps = (cache.get(VERSION_KEY), cache.get(_stamp_key(moderator.pk)))
        cache.set(_user_key(moderator), (stamps, sorted(granted)))
    assert not _fresh(moderator).has_perm(WORK_QUEUE)


def test_without_a_cache_permissions_come_from_the_database(make_user, monkeypatch):
    moderator = make_user(role=roles.PEER_MODERATOR)
    monkeypatch.setattr(cache, "get_many", lambda keys: {})
    monkeypatch.setattr(cache, "get", lambda key, default=None: default)
    assert _fresh(moderator).has_perm(WORK_QUEUE)
    moderator.groups.clear()
    assert not _fresh(moderator).has_perm(WORK_QUEUE)
