"""``{{ text|snippet_for:query }}``: a piece of ``text`` with the words that matched ``query`` marked
(``cms.search.snippet``: by base form and compound part, everything else escaped)."""

from django import template

from cms.search import snippet

register = template.Library()


@register.filter
def snippet_for(text, query):
    return snippet(str(text or ""), str(query or ""))
