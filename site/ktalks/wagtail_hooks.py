"""K-talks in the Wagtail admin: snippets for hosts, themes and decision-makers; commitments apart.

Commitments are a ModelViewSet rather than an InlinePanel on the K-talk page: a coordinator updates
a status months after the notes were approved, and that must not send the notes through the
approval workflow again.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from kuulluksi.admin_viewsets import SiteModelViewSet, SiteSnippetViewSet

from . import services
from .models import Commitment, DecisionMaker, HostBody, KTalkIndexPage, Theme


class HostBodyViewSet(SiteSnippetViewSet):
    model = HostBody
    count_phrase = ngettext_lazy("%(count)s host body", "%(count)s host bodies", "count")
    icon = "group"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ThemeViewSet(SiteSnippetViewSet):
    model = Theme
    count_phrase = ngettext_lazy("%(count)s theme", "%(count)s themes", "count")
    icon = "tag"
    list_display = ["name"]


class DecisionMakerViewSet(SiteSnippetViewSet):
    model = DecisionMaker
    count_phrase = ngettext_lazy("%(count)s decision-maker", "%(count)s decision-makers", "count")
    icon = "user"
    list_display = ["name", "title", "organisation"]
    # No search_fields: the search covers the model's whole index (DecisionMaker.search_fields). Naming
    # fields here limits the query to them, which the SQLite search backend cannot do.


class _RefreshStatusMixin:
    """After the commitment and its inline updates are saved, the latest update sets the status."""

    def save_instance(self):
        instance = super().save_instance()
        return services.refresh_commitment_status(instance, user=self.request.user)


class CommitmentCreateView(_RefreshStatusMixin, generic.CreateView):
    pass


class CommitmentEditView(_RefreshStatusMixin, generic.EditView):
    pass


class CommitmentViewSet(SiteModelViewSet):
    model = Commitment
    count_phrase = ngettext_lazy("%(count)s commitment", "%(count)s commitments", "count")
    icon = "tasks"
    menu_label = _("Commitments")
    add_to_admin_menu = True
    menu_order = 250
    add_view_class = CommitmentCreateView
    edit_view_class = CommitmentEditView
    copy_view_enabled = False
    list_display = ["promise", "decision_maker", "ktalk", "status", "updated_at"]
    list_filter = ["status", "ktalk__host_body", "decision_maker"]
    search_fields = ["promise"]


class KTalkRegistersGroup(SnippetViewSetGroup):
    items = (HostBodyViewSet, DecisionMakerViewSet, ThemeViewSet)
    menu_icon = "calendar"
    menu_label = _("K-talk registers")
    menu_name = "ktalk-registers"


register_snippet(KTalkRegistersGroup)


@hooks.register("register_admin_viewset")
def register_commitments():
    return CommitmentViewSet("ktalk_commitments")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        services.COMMITMENT_UPDATE_ACTION, _("Commitment status changed"), _("Commitment status changed")
    )


@hooks.register("after_create_page")
def set_up_notes_workflow(request, page):
    if isinstance(page.specific, KTalkIndexPage):
        services.ensure_notes_workflow(page)
