"""Base classes for the project's Wagtail admin viewsets.

Deleting something that other records still refer to (a forum category with topics, a decision-maker
with commitments, a rule cited in decisions) is refused with a message on the page instead of a server
error; nothing is deleted. Hand-written admin pages get a menu item shown to those who hold their
permission (``permission_menu_item``). Their create and edit messages are the project's own: Wagtail's
put the model's name where Finnish needs it inflected ("Kysely ei voitu luoda", "Mallin Kysely … luotu").
For the same reason each viewset says how to count its records (``count_phrase``): Wagtail writes the
number before the plural name ("25 kyselyt"), where Finnish wants the partitive ("25 kyselyä").
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet


class _RefusesDeletingWhatIsReferred:
    """Wagtail itself refuses (as "no permission") only what its reference index knows to be protected;
    the database refuses the rest with ``ProtectedError``. Both end here, with the reason."""

    def form_valid(self, form):
        if self.usage is not None and self.usage.is_protected:
            return self._refused()
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            return self._refused()

    def _refused(self):
        messages.error(
            self.request,
            _("“%(object)s” cannot be deleted because other records still refer to it.")
            % {"object": self.object},
        )
        return redirect(self.request.get_full_path())


class _PlainMessages:
    """The model's name stays in the nominative, in brackets, so each language can say it plainly.
    (Snippet views pick among Wagtail's own messages; none of the project's snippets has drafts.)"""

    def get_success_message(self, instance=None):
        return self.success_message % {
            "object": instance or self.object,
            "model_name": self.model._meta.verbose_name,
        }


class _CreateMessages(_PlainMessages):
    success_message = gettext_lazy("Created: “%(object)s” (%(model_name)s).")
    error_message = gettext_lazy("Nothing was created: correct the errors marked below.")


class _EditMessages(_PlainMessages):
    success_message = gettext_lazy("Saved: “%(object)s” (%(model_name)s).")
    error_message = gettext_lazy("Nothing was saved: correct the errors marked below.")


class CountedPaginator(WagtailPaginator):
    """Says how many records the list holds with the viewset's ``count_phrase`` (an ``ngettext_lazy``
    with a ``%(count)s`` placeholder, so every language picks its own plural form); without one,
    Wagtail's own wording."""

    def __init__(self, *args, count_phrase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_phrase = count_phrase

    @property
    def items_count_label(self):
        if self.count_phrase is None:
            return super().items_count_label
        return self.count_phrase % {"count": self.count}


class _CountedIndex:
    paginator_class = CountedPaginator
    count_phrase = None

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_phrase=self.count_phrase, **kwargs)


class SiteModelIndexView(_CountedIndex, IndexView):
    pass


class SiteSnippetIndexView(_CountedIndex, SnippetIndexView):
    pass


class SiteModelCreateView(_CreateMessages, CreateView):
    pass


class SiteModelEditView(_EditMessages, EditView):
    pass


class SiteSnippetCreateView(_CreateMessages, SnippetCreateView):
    pass


class SiteSnippetEditView(_EditMessages, SnippetEditView):
    pass


class SiteModelDeleteView(_RefusesDeletingWhatIsReferred, DeleteView):
    pass


class SiteSnippetDeleteView(_RefusesDeletingWhatIsReferred, SnippetDeleteView):
    pass


class _CountsItsRecords:
    """Every subclass sets ``count_phrase``, e.g. ``ngettext_lazy("%(count)s survey", "%(count)s
    surveys", "count")``; its list view counts with it."""

    count_phrase = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(count_phrase=self.count_phrase, **kwargs)


class SiteModelViewSet(_CountsItsRecords, ModelViewSet):
    index_view_class = SiteModelIndexView
    add_view_class = SiteModelCreateView
    edit_view_class = SiteModelEditView
    delete_view_class = SiteModelDeleteView


class SiteSnippetViewSet(_CountsItsRecords, SnippetViewSet):
    index_view_class = SiteSnippetIndexView
    add_view_class = SiteSnippetCreateView
    edit_view_class = SiteSnippetEditView
    delete_view_class = SiteSnippetDeleteView


def permission_menu_item(name: str, permission: str) -> type[MenuItem]:
    """A menu item class shown only to users who hold ``permission`` (a viewset's ``menu_item_class``)."""

    def is_shown(item, request):
        return request.user.has_perm(permission)

    return type(f"{name}_menu_item", (MenuItem,), {"is_shown": is_shown})
