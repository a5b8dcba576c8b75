"""Moderation in the Wagtail admin: one "Moderation" menu with the queue, appeals, sanctions, the log,
the rules and the watch lists, and a dashboard panel on the admin home page."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from kuulluksi.admin_viewsets import SiteSnippetViewSet

from . import admin_views, selectors
from .models import AuditAction, AuditEntry, Rule, WatchedTerm, WatchList

MENU_HOOK = "register_moderation_menu_item"


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.QueueView.as_view(), name="queue"),
        path("item/<int:pk>/", admin_views.QueueItemView.as_view(), name="queue_item"),
        path("sanctions/", admin_views.SanctionListView.as_view(), name="sanctions"),
        path("sanctions/new/", admin_views.SanctionCreateView.as_view(), name="sanction_create"),
        path("appeals/", admin_views.AppealListView.as_view(), name="appeals"),
        path("appeals/<int:pk>/", admin_views.AppealDecideView.as_view(), name="appeal_decide"),
        path("log/", admin_views.AuditLogView.as_view(), name="audit_log"),
        path("rules-versions/", admin_views.RulesVersionView.as_view(), name="rules_versions"),
        path("try/", admin_views.TryTextView.as_view(), name="try_text"),
    ]
    return [path("moderation/", include((urls, "moderation_admin"), namespace="moderation_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


_ITEMS = [
    # (label, url name, icon, permission, order)
    (_("Queue"), "queue", "warning", "moderation.work_queue", 10),
    (_("Appeals"), "appeals", "help", "moderation.decide_appeal", 20),
    (_("Sanctions"), "sanctions", "lock", "moderation.view_sanction", 30),
    (_("Try a text"), "try_text", "search", "moderation.try_screening", 70),
    (_("Rules versions"), "rules_versions", "list-ol", "moderation.view_rulesversion", 80),
    (_("Moderation log"), "audit_log", "history", "moderation.view_auditentry", 90),
]


def _menu_item_factory(label, url_name, icon, permission, order):
    def factory():
        return PermissionMenuItem(
            label,
            reverse(f"moderation_admin:{url_name}"),
            name=f"moderation-{url_name}",
            icon_name=icon,
            order=order,
            permission=permission,
        )

    return factory


for _item in _ITEMS:
    hooks.register(MENU_HOOK, _menu_item_factory(*_item))


class ModerationSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return any(item.is_shown(request) for item in self.menu.registered_menu_items)


@hooks.register("register_admin_menu_item")
def register_moderation_menu():
    return ModerationSubmenu(
        _("Moderation"), Menu(register_hook_name=MENU_HOOK), name="moderation", icon_name="warning", order=250
    )


class RuleViewSet(SiteSnippetViewSet):
    model = Rule
    menu_hook = MENU_HOOK
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
    chooser_viewset_class = ViewersOnlyChooserViewSet
    menu_hook = MENU_HOOK
    menu_order = 50
    icon = "list-ul"
    list_display = ["name", "action", "rule", "is_active"]


class WatchedTermViewSet(SiteSnippetViewSet):
    model = WatchedTerm
    chooser_viewset_class = ViewersOnlyChooserViewSet
    menu_hook = MENU_HOOK
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
            AuditEntry.objects.create(
                action=AuditAction.WATCHLIST_CHANGED,
                actor=request.user,
                detail={"operation": operation, "model": instance._meta.model_name, "name": str(instance)},
            )


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
