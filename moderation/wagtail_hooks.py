"""Moderation in the Wagtail admin: one "Moderation" menu with the queue, appeals, sanctions, the log,
the rules and the watch lists, and a dashboard panel on the admin home page."""

from functools import cached_property, wraps

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from kuulluksi.admin_viewsets import SiteSnippetViewSet

from . import admin_views, selectors
from .models import AuditAction, AuditEntry, Rule, WatchedTerm, WatchList

MENU_HOOK = "register_moderation_menu_item"


class AdminPagesViewSet(ViewSet):
    """Hand-written admin pages under one URL prefix. Its menu item, which opens the first page, is
    shown to those who hold that page's permission (each view checks its own permission itself)."""

    #: (route, view class, url name) of each page; the first one is the menu's.
    pages: tuple = ()
    #: Who sees the menu item; by default the first page's ``permission``.
    permission: str = ""

    def get_urlpatterns(self):
        return [path(route, view_class.as_view(), name=name) for route, view_class, name in self.pages]

    @cached_property
    def menu_item_class(self):
        permission = self.permission or self.pages[0][1].permission

        def is_shown(item, request):
            return request.user.has_perm(permission)

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})


class QueueViewSet(AdminPagesViewSet):
    name = "moderation_queue"
    url_prefix = "moderation"
    menu_label = _("Queue")
    menu_name = "moderation-queue"
    icon = "warning"
    menu_order = 10
    pages = (
        ("", admin_views.QueueView, "index"),
        ("item/<int:pk>/", admin_views.QueueItemView, "item"),
    )


class AppealViewSet(AdminPagesViewSet):
    name = "moderation_appeals"
    url_prefix = "moderation/appeals"
    menu_label = _("Appeals")
    menu_name = "moderation-appeals"
    icon = "help"
    menu_order = 20
    pages = (
        ("", admin_views.AppealListView, "index"),
        ("<int:pk>/", admin_views.AppealDecideView, "decide"),
    )


class SanctionViewSet(AdminPagesViewSet):
    name = "moderation_sanctions"
    url_prefix = "moderation/sanctions"
    menu_label = _("Sanctions")
    menu_name = "moderation-sanctions"
    icon = "lock"
    menu_order = 30
    pages = (
        ("", admin_views.SanctionListView, "index"),
        ("new/", admin_views.SanctionCreateView, "add"),
    )


class TryTextViewSet(AdminPagesViewSet):
    name = "moderation_try"
    url_prefix = "moderation/try"
    menu_label = _("Try a text")
    menu_name = "moderation-try"
    icon = "search"
    menu_order = 70
    pages = (("", admin_views.TryTextView, "index"),)


class RulesVersionViewSet(AdminPagesViewSet):
    name = "moderation_rules_versions"
    url_prefix = "moderation/rules-versions"
    menu_label = _("Rules versions")
    menu_name = "moderation-rules-versions"
    icon = "list-ol"
    menu_order = 80
    pages = (("", admin_views.RulesVersionView, "index"),)


class AuditLogViewSet(AdminPagesViewSet):
    """The moderation log: Wagtail's listing with filters, and no add, edit or delete views."""

    name = "moderation_log"
    url_prefix = "moderation/log"
    menu_label = _("Moderation log")
    menu_name = "moderation-log"
    icon = "history"
    menu_order = 90
    permission = "moderation.view_auditentry"
    pages = (("", admin_views.AuditLogView, "index"),)

    def get_urlpatterns(self):
        results = admin_views.AuditLogView.as_view(results_only=True)
        return [*super().get_urlpatterns(), path("results/", results, name="index_results")]


class ModerationViewSetGroup(ViewSetGroup):
    """The "Moderation" menu. The rule and watch-list snippets join it through ``MENU_HOOK``."""

    menu_label = _("Moderation")
    menu_name = "moderation"
    menu_icon = "warning"
    menu_order = 250
    submenu_hook = MENU_HOOK
    items = (
        QueueViewSet,
        AppealViewSet,
        SanctionViewSet,
        TryTextViewSet,
        RulesVersionViewSet,
        AuditLogViewSet,
    )


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


class RuleViewSet(SiteSnippetViewSet):
    model = Rule
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
    chooser_viewset_class = ViewersOnlyChooserViewSet
    menu_hook = MENU_HOOK
    menu_name = "moderation-watch-lists"
    menu_order = 50
    icon = "list-ul"
    list_display = ["name", "action", "rule", "is_active"]


class WatchedTermViewSet(SiteSnippetViewSet):
    model = WatchedTerm
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
