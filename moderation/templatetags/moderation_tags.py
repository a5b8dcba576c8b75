from django import template
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def report_link(obj):
    """A plain link to the report form for ``obj`` (works without JavaScript).

    It returns to the item's own address afterwards, never to the address of the page being rendered:
    lists are cached and shared between readers, so one reader's query string must not end up in the
    links everyone else gets.
    """
    content_type = ContentType.objects.get_for_model(obj)
    url = reverse("moderation:report", args=[content_type.pk, obj.pk])
    url += "?" + urlencode({"next": obj.get_absolute_url()})
    return format_html(
        '<a class="report-link" href="{}" rel="nofollow">{}<span class="visually-hidden"> {}</span></a>',
        url,
        _("Report"),
        _("(tell a moderator this message breaks a rule)"),
    )


@register.simple_tag
def moderation_placeholder(obj):
    """What readers see instead of a held, hidden or removed item: the rule, never the content."""
    return render_to_string(
        "moderation/placeholder.html",
        {
            "state": obj.moderation_state,
            "rule": obj.moderation_rule,
            "rules_url": reverse("moderation:rules"),
        },
    )
