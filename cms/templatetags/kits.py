from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """90 → "1 h 30", 45 → "45 min", 120 → "2 h"."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


@register.simple_tag(takes_context=True)
def kit_url(context, kit) -> str:
    """A kit's address: its Wagtail page on the network site, its /kits/ page on a structure's site."""
    from django.urls import reverse

    if context.get("is_network_host", True):
        return kit.get_url(context.get("request"))
    return reverse("kits:detail", args=[kit.pk])


@register.simple_tag(takes_context=True)
def document_url(context, document) -> str:
    """Documents are served by the network site only (Wagtail is not routed on structures' hosts)."""
    if context.get("is_network_host", True):
        return document.url
    return f"{context['network_url']}documents/{document.pk}/{document.filename}"
