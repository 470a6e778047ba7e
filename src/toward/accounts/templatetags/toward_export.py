from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def is_mapping(value) -> bool:
    return isinstance(value, Mapping)


@register.filter
def is_sequence(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def humanise_key(key) -> str:
    return str(key).replace("_", " ").capitalize()
