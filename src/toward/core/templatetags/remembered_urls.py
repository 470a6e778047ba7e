"""``{% url %}`` as Django's, with each address remembered per process (a template builtin, so it
replaces Django's tag in every template; settings TEMPLATES ``builtins``).

A page asks for about twenty addresses (the navigation alone has ten), and Django works each one
out again on every request: about 25 microseconds each, half a millisecond a page. An address
depends only on the view's name, its arguments, the script prefix, the URL configuration and the
language, so it is remembered under all of those. Only arguments that are plain text or numbers
are remembered: anything else (an object whose text could change) is worked out every time, as
are addresses that do not exist (Django's error, or nothing with ``as``).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.defaulttags import URLNode, url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Text as written in a template is a SafeString: the same immutable text.
_PLAIN = (str, SafeString, int)


@lru_cache(maxsize=8192)
def _remembered(view_name, args, kwargs, current_app, urlconf, prefix, language) -> str:
    # urlconf, prefix and language are part of the key: reverse() reads them itself.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value) -> bool:
    return type(value) in _PLAIN


class RememberedURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        if not (
            _plain(view_name) and all(_plain(a) for a in args) and all(_plain(v) for _, v in kwargs)
        ):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            address = _remembered(
                view_name,
                args,
                kwargs,
                current_app,
                get_urlconf(),
                get_script_prefix(),
                get_language(),
            )
        except Exception:  # noqa: BLE001 - Django's own node raises or sets "" as it always has
            return super().render(context)
        if self.asvar:
            context[self.asvar] = address
            return ""
        return conditional_escape(address) if context.autoescape else address


@register.tag("url")
def remembered_url(parser, token):
    node = url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
