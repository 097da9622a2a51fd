from django import template

from entries.models import InboundMessage

register = template.Library()


@register.simple_tag
def held_reply_count(user):
    """How many replies wait for the user's review (the nav shows a link only then)."""
    if not user.is_authenticated:
        return 0
    return InboundMessage.objects.held_for(user).count()
