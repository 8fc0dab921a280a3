"""Render a message (subject, plain text, HTML) from its view model.

Templates live in ``notifications/templates/``. Every message ``<name>`` (see
:data:`notifications.views.MESSAGES`) has one trio per locale:

- Vietnamese, the default: ``<name>.subject.jinja``, ``<name>.txt.jinja``,
  ``<name>.html.jinja``;
- English: ``<name>.en.subject.jinja``, ``<name>.en.txt.jinja``,
  ``<name>.en.html.jinja``.

Localisation is by whole template files rather than by a message catalogue: an
administrative letter is not built the same way in both languages, and a translator
reviews a whole letter more easily than a list of fragments. Small labels that are
shared (roles, recurrences, dates, document kinds) come from
:mod:`notifications.formatting`; the HTML letters extend ``_base.html.jinja`` and share
widgets from ``_parts.html.jinja``; the text letters share ``_parts.txt.jinja``.

Templates receive the view's fields as top-level variables, plus ``subject`` (the
rendered subject) in the text and HTML bodies.
"""

import functools
from dataclasses import dataclass, fields
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notifications.formatting import (
    check_locale,
    document_kind,
    due_phrase,
    en_date,
    format_date,
    one_line,
    recurrence_label,
    role_label,
    vi_date_long,
    vi_date_short,
)
from notifications.views import MESSAGES, MessageView


@dataclass(frozen=True)
class RenderedMessage:
    """A rendered message, ready to be addressed and sent.

    Args:
        subject: one line, no line breaks.
        text: the plain-text body.
        html: the HTML body.
    """

    subject: str
    text: str
    html: str


def _is_http_url(value: object) -> bool:
    # Links typed in by users (evidence) must never become javascript: or data: hrefs.
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


@functools.cache
def environment() -> Environment:
    """The one Jinja environment, built on first use.

    Returns:
        The shared environment: package templates, strict undefined variables,
        autoescaping for HTML templates only.
    """
    env = Environment(
        loader=PackageLoader("notifications"),
        # Our HTML templates end in ".html.jinja", which the plain "html" pattern
        # would not match; text and subject templates must stay unescaped.
        autoescape=select_autoescape(["html", "html.jinja"], default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        vi_date=vi_date_long,
        vi_short=vi_date_short,
        en_date=en_date,
        date=format_date,
        role_label=role_label,
        recurrence_label=recurrence_label,
        due_phrase=due_phrase,
        document_kind=document_kind,
        one_line=one_line,
    )
    env.tests["http_url"] = _is_http_url
    return env


def template_names(name: str, locale: str) -> tuple[str, str, str]:
    """The subject, text and HTML template names of one message in one locale.

    Args:
        name: a message name from :data:`notifications.views.MESSAGES`.
        locale: ``"vi"`` or ``"en"``.

    Returns:
        The three template file names.

    Raises:
        ValueError: the locale is not supported.
    """
    stem = name if check_locale(locale) == "vi" else f"{name}.{locale}"
    return (f"{stem}.subject.jinja", f"{stem}.txt.jinja", f"{stem}.html.jinja")


def render(name: str, view: MessageView) -> RenderedMessage:
    """Render one message from its view.

    Args:
        name: a message name from :data:`notifications.views.MESSAGES`.
        view: the view of that message; its ``locale`` picks the templates.

    Returns:
        The subject (collapsed to one line, so no header can be injected through it),
        the plain-text body and the HTML body.

    Raises:
        ValueError: unknown message name or locale.
        TypeError: the view is not the one the message is rendered from.
        jinja2.UndefinedError: a template uses a field the view does not have.
    """
    try:
        expected = MESSAGES[name]
    except KeyError as err:
        raise ValueError(f"unknown message {name!r}") from err
    if not isinstance(view, expected):
        raise TypeError(
            f"message {name!r} is rendered from {expected.__name__}, "
            f"not {type(view).__name__}"
        )
    env = environment()
    subject_name, text_name, html_name = template_names(name, view.locale)
    # Shallow on purpose: nested views stay objects, so their properties still work.
    context: dict[str, Any] = {f.name: getattr(view, f.name) for f in fields(view)}
    subject = one_line(env.get_template(subject_name).render(context))
    context["subject"] = subject
    text = env.get_template(text_name).render(context).strip("\n") + "\n"
    html = env.get_template(html_name).render(context).strip("\n") + "\n"
    return RenderedMessage(subject=subject, text=text, html=html)
