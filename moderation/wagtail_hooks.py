"""Moderation in the Wagtail admin: one "Moderation" menu with the queue, appeals, sanctions, the log,
the rules and the watch lists, and a dashboard panel on the admin home page."""

from functools import cached_property, wraps

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from kuulluksi.admin_viewsets import SiteSnippetViewSet, permission_menu_item

from . import admin_views, selectors, services
from .models import Rule, WatchedTerm, WatchList

MENU_HOOK = "register_moderation_menu_item"


#: Every hand-written moderation page: (viewset key, route under the viewset's prefix, view, URL name).
#: A key's first page is the one its menu item opens.
PAGES = (
    ("queue", "", admin_views.QueueView.as_view(), "index"),
    ("queue", "item/<int:pk>/", admin_views.QueueItemView.as_view(), "item"),
    ("appeals", "", admin_views.AppealListView.as_view(), "index"),
    ("appeals", "<int:pk>/", admin_views.AppealDecideView.as_view(), "decide"),
    ("sanctions", "", admin_views.SanctionListView.as_view(), "index"),
    ("sanctions", "new/", admin_views.SanctionCreateView.as_view(), "add"),
    ("try", "", admin_views.TryTextView.as_view(), "index"),
    ("rules_versions", "", admin_views.RulesVersionView.as_view(), "index"),
    # The log is Wagtail's filtered listing, with its results-only view; it has no add, edit or delete.
    ("log", "", admin_views.AuditLogView.as_view(), "index"),
    ("log", "results/", admin_views.AuditLogView.as_view(results_only=True), "index_results"),
)


class AdminPagesViewSet(ViewSet):
    """The ``PAGES`` of one key under one URL prefix (``moderation/<key>`` unless given), in the URL
    namespace ``moderation_<key>``. Its menu item is shown to those who hold ``permission``, by default
    the first page's (each view checks its own permission itself)."""

    def __init__(self, key: str, label, icon: str, order: int, *, url_prefix: str = "", permission: str = ""):
        slug = key.replace("_", "-")
        pages = [page[1:] for page in PAGES if page[0] == key]
        super().__init__(
            f"moderation_{key}",
            url_prefix=url_prefix or f"moderation/{slug}",
            menu_label=label,
            menu_name=f"moderation-{slug}",
            icon=icon,
            menu_order=order,
            pages=pages,
            permission=permission or pages[0][1].view_class.permission,
        )

    def get_urlpatterns(self):
        return [path(route, view, name=name) for route, view, name in self.pages]

    @cached_property
    def menu_item_class(self):
        return permission_menu_item(self.name, self.permission)


class ModerationViewSetGroup(ViewSetGroup):
    """The "Moderation" menu. The rule and watch-list snippets join it through ``MENU_HOOK``."""

    menu_label = _("Moderation")
    menu_name = "moderation"
    menu_icon = "warning"
    menu_order = 250
    submenu_hook = MENU_HOOK
    items = (
        AdminPagesViewSet("queue", _("Queue"), "warning", 10, url_prefix="moderation"),
        AdminPagesViewSet("appeals", _("Appeals"), "help", 20),
        AdminPagesViewSet("sanctions", _("Sanctions"), "lock", 30),
        AdminPagesViewSet("try", _("Try a text"), "search", 70),
        AdminPagesViewSet("rules_versions", _("Rules versions"), "list-ol", 80),
        AdminPagesViewSet("log", _("Moderation log"), "history", 90, permission="moderation.view_auditentry"),
    )


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


class RuleViewSet(SiteSnippetViewSet):
    model = Rule
    count_phrase = ngettext_lazy("%(count)s community rule", "%(count)s community rules", "count")
    menu_hook = MENU_HOOK
    menu_name = "moderation-rules"
    menu_order = 40
    icon = "list-ol"
    list_display = ["number", "title", "is_active"]
    ordering = ["number"]


class ViewersOnlyChooserViewSet(SnippetChooserViewSet):
    """Wagtail opens a snippet's chooser to every admin user; the watch lists, which show what the
    screening looks for and so how to get past it, are for those allowed to view them."""

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        permission = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

        @wraps(view)
        def guarded(request, *args, **view_kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **view_kwargs)

        return guarded


class WatchListViewSet(SiteSnippetViewSet):
    model = WatchList
    count_phrase = ngettext_lazy("%(count)s watch list", "%(count)s watch lists", "count")
    chooser_viewset_class = ViewersOnlyChooserViewSet
    menu_hook = MENU_HOOK
    menu_name = "moderation-watch-lists"
    menu_order = 50
    icon = "list-ul"
    list_display = ["name", "action", "rule", "is_active"]


class WatchedTermViewSet(SiteSnippetViewSet):
    model = WatchedTerm
    count_phrase = ngettext_lazy("%(count)s watched term", "%(count)s watched terms", "count")
    chooser_viewset_class = ViewersOnlyChooserViewSet
    menu_hook = MENU_HOOK
    menu_name = "moderation-watched-terms"
    menu_order = 60
    icon = "tag"
    list_display = ["term", "watch_list", "match", "hit_count", "last_hit_at"]
    list_filter = ["watch_list", "match"]
    search_fields = ["term"]
    ordering = ["term"]


register_snippet(RuleViewSet)
register_snippet(WatchListViewSet)
register_snippet(WatchedTermViewSet)


def _log_watch_list_change(request, instances, operation):
    for instance in instances if isinstance(instances, list | tuple) else [instances]:
        if isinstance(instance, WatchedTerm | WatchList):
            services.record_watch_list_edit(instance, by=request.user, operation=operation)


@hooks.register("after_create_snippet")
def _after_create(request, instance):
    _log_watch_list_change(request, instance, "create")


@hooks.register("after_edit_snippet")
def _after_edit(request, instance):
    _log_watch_list_change(request, instance, "edit")


@hooks.register("after_delete_snippet")
def _after_delete(request, instances):
    _log_watch_list_change(request, instances, "delete")


class QueuePanel(Component):
    """Queue length, the oldest waiting item and the median time to decision this month."""

    name = "moderation_queue"
    order = 50
    template_name = "moderation/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        return {"figures": selectors.dashboard_figures()}


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if request.user.has_perm("moderation.work_queue"):
        panels.append(QueuePanel())
