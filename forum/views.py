"""Thin views: read the input, call one service or selector, render. Everything works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.search import snippet

from . import fragments, markup, search, selectors, services
from .forms import FollowForm, ReplyForm, TopicForm


def _apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _tell_moderation_notice(request, post):
    """E.g. "Your message waits for a moderator ...": the author learns why others do not see it yet."""
    if post.moderation_notice:
        messages.info(request, post.moderation_notice)


def index(request):
    return render(request, "forum/index.html", {"categories": selectors.categories()})


def category(request, slug):
    category = selectors.get_category(slug)
    topics = selectors.category_topics(category, request.GET.get("page"))
    # The topic list is the same for every reader.
    topic_list = fragments.cached_list(
        request,
        f"category:{category.pk}:{category.version}:{topics.number}",
        "forum/includes/topic_list.html",
        {"topics": topics},
    )
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "topic_list": topic_list,
            "subscription": selectors.category_subscription(category, request.user),
        },
    )


@login_required
def new_topic(request, slug):
    category = selectors.get_category(slug)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.create_topic(
                author=request.user,
                category=category,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            _tell_moderation_notice(request, topic.opening_post)
            return redirect(topic)
    return render(request, "forum/topic_form.html", {"category": category, "form": form})


def topic(request, pk):
    topic = selectors.get_topic(pk, request.user)
    page = selectors.topic_page(topic, request.user, request.GET.get("page"))
    context = {"page": page, "topic": topic, "form": ReplyForm()}
    posts = page.posts.object_list
    if request.user.is_authenticated:
        fragments.share_post_texts(posts)
    else:
        # Readers without an account all see the same posts: render them once per topic version.
        context["post_list"] = fragments.cached_list(
            request,
            f"topic:{topic.pk}:{topic.version}:{page.posts.number}",
            "forum/includes/post_list.html",
            context,
            before=lambda: fragments.share_post_texts(posts),
        )
    return render(request, "forum/topic.html", context)


@login_required
def reply(request, pk):
    topic = selectors.get_topic(pk, request.user)
    initial = {}
    quote_id = request.GET.get("quote", "")
    if quote_id.isdigit():
        quoted = selectors.quotable_post(int(quote_id), request.user, topic=topic)
        if quoted is not None:
            initial["body"] = markup.quote(str(quoted.author.public_name), quoted.body)
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_reply(author=request.user, topic=topic, body=form.cleaned_data["body"])
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:  # e.g. locked while the reply was being written
            form.add_error(None, str(error))
        else:
            _tell_moderation_notice(request, post)
            return redirect(post)
    return render(request, "forum/reply.html", {"topic": topic, "form": form})


def post(request, pk):
    post = selectors.get_post(pk, request.user)
    url = reverse("forum:topic", kwargs={"pk": post.topic_id})
    page = selectors.post_page_number(post, request.user)
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{url}{query}#post-{post.pk}")


@login_required
def edit_post(request, pk):
    post = selectors.get_post(pk, request.user)
    # A text sent just after the window closed comes back with the error instead of being lost.
    if post.author_id != request.user.pk or (
        request.method != "POST" and not services.can_edit(request.user, post)
    ):
        raise PermissionDenied(_("You can no longer edit this message."))
    opening = post.is_opening_post
    form_class = TopicForm if opening else ReplyForm
    initial = {"body": post.body, "title": post.topic.title}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                user=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:  # the edit window closed while the text was being edited
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your changes were saved."))
            _tell_moderation_notice(request, post)
            return redirect(post)
    return render(request, "forum/edit.html", {"post": post, "form": form})


@login_required
def delete_post(request, pk):
    post = selectors.get_post(pk, request.user)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("You can delete only your own messages."))
    if request.method == "POST":
        services.delete_post(user=request.user, post=post)
        messages.success(request, _("Your message was deleted."))
        return redirect(post)
    return render(request, "forum/delete.html", {"post": post})


@require_POST
@login_required
def thank(request, pk):
    post = selectors.get_post(pk, request.user)
    services.toggle_thanks(user=request.user, post=post)
    return redirect(post)


@require_POST
@login_required
def follow_topic(request, pk):
    topic = selectors.get_topic(pk, request.user)
    _follow(request, topic=topic)
    return redirect(topic)


@require_POST
@login_required
def follow_category(request, slug):
    category = selectors.get_category(slug)
    _follow(request, category=category)
    return redirect(category)


def _follow(request, **target):
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, **target)
        messages.success(request, _("You no longer follow this."))
        return
    form = FollowForm(request.POST)
    form.is_valid()
    services.follow(user=request.user, email_digest=form.cleaned_data.get("email_digest", False), **target)
    messages.success(request, _("You follow this now. New messages appear in your notifications."))


@login_required
def following(request):
    return render(
        request, "forum/following.html", {"subscriptions": selectors.subscriptions_of(request.user)}
    )


@require_POST
@login_required
def moderate_topic(request, pk):
    topic = selectors.get_topic(pk, request.user)
    action = request.POST.get("action")
    if action in ("pin", "unpin"):
        services.set_pinned(user=request.user, topic=topic, pinned=action == "pin")
    elif action in ("lock", "unlock"):
        services.set_locked(user=request.user, topic=topic, locked=action == "lock")
    else:
        raise PermissionDenied(_("Unknown action."))
    return redirect(topic)


@login_required
def post_history(request, pk):
    if not selectors.can_moderate(request.user):
        raise PermissionDenied(_("Only moderators can read the edit history."))
    post = selectors.get_post(pk, request.user)
    return render(
        request, "forum/history.html", {"post": post, "revisions": post.revisions.select_related("edited_by")}
    )


def search_view(request):
    query = request.GET.get("q", "").strip()[:200]
    results = search.search_forum(query, user=request.user) if query else None
    snippets = [snippet(post.body, query) for post in results["posts"]] if results else []
    return render(
        request,
        "forum/search.html",
        {
            "query": query,
            "results": results,
            "posts": zip(results["posts"], snippets, strict=True) if results else [],
        },
    )
