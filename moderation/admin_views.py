"""Moderation views in the Wagtail admin: the queue, sanctions, appeals, the audit log, "try a text".

Each view checks its permission itself (a hidden menu item is not a permission check) and calls the
services for every change.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import CheckboxSelectMultiple, DateInput
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import MultipleUserFilter, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.permissions import PermissionRequiredMixin

from . import sanctions, selectors, services
from .forms import AppealDecisionForm, DecisionForm, SanctionForm, TryTextForm
from .models import Appeal, AuditAction, AuditEntry, QueueItem, Sanction
from .rules import current_rules_version


class AdminPage(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]


# --- Queue ---------------------------------------------------------------------------------------


class QueueView(AdminPage):
    permission = "moderation.work_queue"
    page_title = gettext_lazy("Moderation queue")
    template_name = "moderation/admin/queue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=selectors.open_queue(), figures=selectors.dashboard_figures(), **kwargs
        )


class QueueItemView(AdminPage):
    permission = "moderation.work_queue"
    page_title = gettext_lazy("Queue item")
    template_name = "moderation/admin/queue_item.html"

    def get_item(self):
        item = get_object_or_404(QueueItem.objects.select_related("content_type"), pk=self.kwargs["pk"])
        self._require_audience(item.content)
        return item

    def _require_audience(self, content) -> None:
        """The content's own rule of who may read it holds in the queue, too (every role that works
        the queue may enter every chat room; chat/tests/test_confidential_messages.py keeps it so)."""
        if content is not None and not content.moderation_audience_includes(self.request.user):
            raise PermissionDenied

    def get_context_data(self, form=None, **kwargs):
        item = selectors.queue_item_detail(self.kwargs["pk"])
        content = item.content
        self._require_audience(content)
        can_edit = content is not None and type(content).supports_moderator_edit()
        if form is None:
            initial = {"edited_text": content.moderation_text()} if can_edit else {}
            reported_rules = [report.rule for report in item.reports.all()]
            if reported_rules:
                initial["rule"] = reported_rules[0].pk
            form = DecisionForm(initial=initial, can_edit=can_edit)
        return super().get_context_data(
            item=item,
            content=content,
            text=content.moderation_text() if content is not None else item.excerpt,
            context_items=content.moderation_context() if content is not None else [],
            content_url=content.get_absolute_url() if content is not None else "",
            form=form,
            decisions=item.decisions.select_related("moderator", "rule"),
            author_sanctions=selectors.sanctions().filter(user=item.author)[:5] if item.author else [],
            claimed_by_other=item.claimed_by_id not in (None, self.request.user.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        operation = request.POST.get("operation")
        try:
            if operation == "claim":
                services.claim(item, moderator=request.user)
                messages.success(request, _("You are handling this item."))
                return redirect("moderation_queue:item", pk=item.pk)
            if operation == "release":
                services.release(item, moderator=request.user)
                messages.success(request, _("The item is back in the queue."))
                return redirect("moderation_queue:index")
            content = item.content
            form = DecisionForm(
                request.POST, can_edit=content is not None and type(content).supports_moderator_edit()
            )
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            services.decide(
                item,
                moderator=request.user,
                action=form.cleaned_data["action"],
                rule=form.cleaned_data["rule"],
                note=form.cleaned_data["note"],
                edited_text=form.cleaned_data["edited_text"] or None,
            )
        except services.ModerationError as error:
            messages.error(request, str(error))
            return redirect("moderation_queue:item", pk=item.pk)
        messages.success(request, _("Decision saved. The author has been told."))
        return redirect("moderation_queue:index")


# --- Sanctions -----------------------------------------------------------------------------------


class SanctionListView(AdminPage):
    permission = "moderation.view_sanction"
    page_title = gettext_lazy("Sanctions")
    template_name = "moderation/admin/sanctions.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.sanctions(), 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, **kwargs)

    def post(self, request, *args, **kwargs):
        sanction = get_object_or_404(Sanction, pk=request.POST.get("lift"))
        try:
            services.lift_sanction(sanction, moderator=request.user)
        except services.ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The sanction was lifted."))
        return redirect("moderation_sanctions:index")


class SanctionCreateView(AdminPage):
    permission = "moderation.warn_user"
    page_title = gettext_lazy("Impose a sanction")
    template_name = "moderation/admin/sanction_form.html"

    def allowed_kinds(self):
        return sanctions.choices_for(self.request.user)

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            form = SanctionForm(
                initial={"pseudonym": self.request.GET.get("pseudonym", "")}, kinds=self.allowed_kinds()
            )
        return super().get_context_data(form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        form = SanctionForm(request.POST, kinds=self.allowed_kinds())
        if form.is_valid():
            try:
                services.impose_sanction(
                    form.user,
                    moderator=request.user,
                    kind=form.cleaned_data["kind"],
                    rule=form.cleaned_data["rule"],
                    ends_at=form.cleaned_data["ends_at"],
                    note=form.cleaned_data["note"],
                )
            except services.ModerationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The sanction was imposed and the person has been told."))
                return redirect("moderation_sanctions:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Appeals -----------------------------------------------------------------------------------


class AppealListView(AdminPage):
    permission = "moderation.decide_appeal"
    page_title = gettext_lazy("Appeals")
    template_name = "moderation/admin/appeals.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(appeals=selectors.pending_appeals(), **kwargs)


class AppealDecideView(AdminPage):
    permission = "moderation.decide_appeal"
    page_title = gettext_lazy("Decide an appeal")
    template_name = "moderation/admin/appeal_decide.html"

    def get_appeal(self):
        return get_object_or_404(
            Appeal.objects.select_related(
                "author", "decision__rule", "decision__moderator", "sanction__rule", "sanction__imposed_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        appeal = self.get_appeal()
        return super().get_context_data(
            appeal=appeal,
            decision=appeal.decision,
            sanction=appeal.sanction,
            form=form or AppealDecisionForm(),
            own_decision=appeal.appealed_moderator_id == self.request.user.pk,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        appeal = self.get_appeal()
        form = AppealDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide_appeal(
                    appeal,
                    moderator=request.user,
                    overturn=form.cleaned_data["outcome"] == "overturn",
                    response=form.cleaned_data["response"],
                )
            except services.ModerationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The appeal was decided and the author has been told."))
                return redirect("moderation_appeals:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Audit log, rules versions, try a text ----------------------------------------------------------


class LabelledDateRangeWidget(django_filters.widgets.SuffixedMultiWidget):
    """Two date fields, each named for assistive technology ("from", "until"): the filter's one label
    names the pair. The browser's own date input, not Wagtail's picker, whose buttons have no names."""

    template_name = "django/forms/widgets/multiwidget.html"
    suffixes = ["from", "to"]  # the query parameters of Wagtail's date range widget

    def __init__(self, attrs=None):
        labels = (gettext_lazy("From date"), gettext_lazy("Until date"))
        dates = [DateInput({"type": "date", "aria-label": label}, format="%Y-%m-%d") for label in labels]
        super().__init__(dates, attrs)

    def decompress(self, value):
        return [value.start, value.stop] if value else [None, None]


class AuditEntryFilterSet(WagtailFilterSet):
    """The log's filters: what happened, who did it, and between which dates."""

    action = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("What"), choices=AuditAction.choices, widget=CheckboxSelectMultiple
    )
    actor = MultipleUserFilter(
        label=gettext_lazy("Who"),
        widget=CheckboxSelectMultiple,
        queryset=lambda request: selectors.audit_log_actors(),
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("When"), widget=LabelledDateRangeWidget
    )

    class Meta:
        model = AuditEntry
        fields = []


def _actor(entry: AuditEntry) -> str:
    if entry.actor:
        return entry.actor.public_name
    return _("anonymous participant") if entry.actor_key else _("system")


class AuditLogView(IndexView):
    """The append-only log, newest first, with filters; it offers no add, edit or delete."""

    model = AuditEntry
    any_permission_required = ["view"]
    page_title = gettext_lazy("Moderation log")
    header_icon = "history"
    template_name = "moderation/admin/audit_log.html"
    filterset_class = AuditEntryFilterSet
    paginate_by = 100
    index_url_name = "moderation_log:index"
    index_results_url_name = "moderation_log:index_results"
    columns = [
        DateColumn("created_at", label=gettext_lazy("When"), sort_key="created_at"),
        Column("action", label=gettext_lazy("What"), accessor="get_action_display"),
        Column("actor", label=gettext_lazy("Who"), accessor=_actor),
        Column("subject_user", label=gettext_lazy("Concerning"), accessor="subject_user.public_name"),
        Column("rule", label=gettext_lazy("Rule"), accessor="rule.number"),
        Column(
            "item",
            label=gettext_lazy("Item"),
            accessor=lambda entry: (
                f"{entry.content_type.name} #{entry.object_id}" if entry.content_type else ""
            ),
        ),
    ]

    def get_base_queryset(self):
        return selectors.audit_log()


class RulesVersionView(AdminPage):
    permission = "moderation.view_rulesversion"
    page_title = gettext_lazy("Rules versions")
    template_name = "moderation/admin/rules_versions.html"

    def get_context_data(self, **kwargs):
        from .models import RulesVersion

        return super().get_context_data(
            versions=RulesVersion.objects.select_related("published_by"),
            current=current_rules_version(),
            can_publish=self.request.user.has_perm("moderation.add_rulesversion"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("moderation.add_rulesversion"):
            raise PermissionDenied
        version = services.publish_rules_version(by=request.user, note=request.POST.get("note", "")[:300])
        messages.success(
            request, _("Version %(number)s of the rules is now in force.") % {"number": version.number}
        )
        return redirect("moderation_rules_versions:index")


class TryTextView(AdminPage):
    permission = "moderation.try_screening"
    page_title = gettext_lazy("Try a text")
    template_name = "moderation/admin/try_text.html"

    def get_context_data(self, **kwargs):
        form = TryTextForm(self.request.POST or None)
        result = services.screen(form.cleaned_data["text"]) if form.is_valid() else None
        return super().get_context_data(form=form, result=result, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())
