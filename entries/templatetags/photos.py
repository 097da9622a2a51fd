from django import template

from entries.models import Photo

register = template.Library()


@register.simple_tag
def storage_used(user):
    """Bytes the user's photos and files take in storage (for the settings page)."""
    return Photo.objects.stored_bytes(user)
