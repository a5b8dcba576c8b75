"""Coordinators manage the forum categories in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks

from kuulluksi.admin_viewsets import SiteModelViewSet

from .models import Category


class CategoryViewSet(SiteModelViewSet):
    model = Category
    count_phrase = ngettext_lazy("%(count)s category", "%(count)s categories", "count")
    icon = "list-ul"
    menu_label = _("Forum categories")
    add_to_admin_menu = True
    menu_order = 400
    list_display = ["name", "slug", "topic_count", "post_count", "position"]


@hooks.register("register_admin_viewset")
def register_category_viewset():
    return CategoryViewSet("forum_categories")
