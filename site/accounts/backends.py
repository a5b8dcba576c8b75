"""Permissions read from the cache, so that a signed-in page does not query them on every request.

Django's ``ModelBackend`` keeps a user's permissions on the user object, which lives for one request:
every signed-in page ran two queries (the user's own and their groups' permissions) before it could
decide whether to show a moderator's tools. Here each user's set is cached together with the two
stamps it was read under: the *permissions version*, replaced when a role's permissions change or a
role or permission is deleted, and the *user's stamp*, replaced when that user's roles or own
permissions change (``signals.permissions_changed``). A set is used only while both stamps still
hold, so a change takes effect on the next request, and a set read before the change and written to
the cache after it is never used. The superuser flag is part of the user's key; inactive users have
no permissions at all.

One cache round trip reads the stamps and the set. A cache outage reads as a miss
(``kuulluksi.cache``) and the permissions come from the database, as before.
"""

import uuid
from datetime import timedelta

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

VERSION_KEY = "permissions:version"
KEEP_FOR = timedelta(days=1)


def _stamp_key(user_pk) -> str:
    return f"permissions:stamp:{user_pk}"


def _user_key(user) -> str:
    return f"permissions:user:{user.pk}:{int(user.is_superuser)}"


def forget_all() -> None:
    """Every cached permission set is stale from now on."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def forget_users(user_pks) -> None:
    """The cached permission sets of these users are stale from now on (the stamps never expire, so
    that no set cached before a change can become valid again)."""
    cache.set_many({_stamp_key(pk): uuid.uuid4().hex for pk in user_pks}, None)


class CachedPermissionsBackend(ModelBackend):
    """``ModelBackend`` whose permission sets come from the cache while their stamps hold."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if hasattr(user_obj, "_perm_cache"):
            return user_obj._perm_cache
        key, stamp_key = _user_key(user_obj), _stamp_key(user_obj.pk)
        found = cache.get_many([VERSION_KEY, stamp_key, key])
        if VERSION_KEY not in found:
            forget_all()
            found[VERSION_KEY] = cache.get(VERSION_KEY)
        stamps = (found[VERSION_KEY], found.get(stamp_key))
        cached = found.get(key)
        if cached is not None and cached[0] == stamps:
            user_obj._perm_cache = set(cached[1])
        else:
            user_obj._perm_cache = super().get_all_permissions(user_obj)
            if stamps[0] is not None:
                cache.set(key, (stamps, sorted(user_obj._perm_cache)), int(KEEP_FOR.total_seconds()))
        return user_obj._perm_cache
