from django import template
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def report_link(context, obj):
    """A plain link to the report form for ``obj`` (works without JavaScript); it returns here afterwards."""
    content_type = ContentType.objects.get_for_model(obj)
    url = reverse("moderation:report", args=[content_type.pk, obj.pk])
    request = context.get("request")
    if request is not None:
        url += "?" + urlencode({"next": request.get_full_path()})
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
