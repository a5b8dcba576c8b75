"""Rendered HTML shared between readers, cached so that a page renders only what is its reader's own.

Two levels: a whole list (a category's topics, an anonymous reader's page of posts) once per version
of its data, and below it the text of each post — its header and body, the same for every reader of
a published or deleted post. A post's key is a digest of everything its text is rendered from, so an
edit, a moderator's decision, a new pseudonym or another language is a new key and a stale text is
never shown; a reply to the topic leaves the other posts' texts cached.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import conf
from .models import Post

POST_TEXT_TEMPLATE = "forum/includes/post_text.html"


def cached_list(
    request, key: str, template: str, context: dict, *, before: Callable[[], None] | None = None
) -> str:
    """Render a list once per version of its data (the version is part of ``key``) and language;
    ``before`` runs only when the list is rendered."""
    key = f"forum:{key}:{get_language()}"
    html = cache.get(key)
    if html is None:
        if before is not None:
            before()
        html = render_to_string(template, context, request)
        cache.set(key, html, conf.page_cache_seconds())
    return html


def _text_key(post: Post, language: str) -> str:
    rendered_from = (
        post.pk,
        post.moderation_state,
        post.is_deleted,
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else "",
        str(post.author.public_name),
        post.language,
        post.body_html,
        language,
    )
    digest = hashlib.blake2b(repr(rendered_from).encode(), digest_size=16).hexdigest()
    return f"forum:post-text:{digest}"


def share_post_texts(posts: Iterable[Post]) -> None:
    """Give every post whose text all readers see alike its rendered text (``post.shared_text``), from
    the cache in one round trip; the missing ones are rendered and cached. Held, hidden and removed
    posts are left alone: who may read their text depends on the reader."""
    language = get_language()
    shared = {_text_key(post, language): post for post in posts if post.is_deleted or post.is_published}
    found = cache.get_many(list(shared))
    rendered = {}
    for key, post in shared.items():
        html = found.get(key)
        if html is None:
            html = rendered[key] = render_to_string(POST_TEXT_TEMPLATE, {"post": post, "user": None})
        post.shared_text = html  # a SafeString, from the template (which escapes) or the cache's pickle
    if rendered:
        cache.set_many(rendered, conf.page_cache_seconds())
