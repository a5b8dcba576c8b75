from django import template

register = template.Library()


@register.filter
def readable_by(post, user) -> bool:
    """``{% if post|readable_by:user %}``: may this person read the text itself (``is_visible_to``)?"""
    return post.is_visible_to(user)


@register.filter
def editable_by(post, user) -> bool:
    """``{% if post|editable_by:user %}``: is the author still within the edit window?"""
    from forum.services import can_edit

    return can_edit(user, post)
