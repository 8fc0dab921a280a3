"""Small, pure formatting helpers used as Jinja filters.

Everything here turns a value from a view model into the words a reader sees, in
Vietnamese (``"vi"``) or English (``"en"``). Nothing reads the clock or the locale of
the machine: the locale is always an argument.
"""

from datetime import date
from typing import Literal, get_args

from domain.assignment import Recurrence as Recurrence
from domain.assignment import Role as Role
from domain.item_names import item_name as name_item

Locale = Literal["vi", "en"]

LOCALES: tuple[str, ...] = get_args(Locale)

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_ROLE_LABELS: dict[str, dict[str, str]] = {
    "vi": {"lead": "chủ trì", "support": "phối hợp"},
    "en": {"lead": "lead", "support": "supporting"},
}

_RECURRENCE_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "ongoing": "thường xuyên",
        "weekly": "hằng tuần",
        "monthly": "hằng tháng",
        "quarterly": "hằng quý",
        "yearly": "hằng năm",
        "periodic": "định kỳ",
    },
    "en": {
        "ongoing": "ongoing",
        "weekly": "weekly",
        "monthly": "monthly",
        "quarterly": "quarterly",
        "yearly": "yearly",
        "periodic": "periodic",
    },
}


def check_locale(locale: str) -> Locale:
    """Return ``locale`` if it is supported.

    Args:
        locale: a locale code such as ``"vi"``.

    Returns:
        The same code, narrowed to :data:`Locale`.

    Raises:
        ValueError: the locale has no templates.
    """
    if locale == "vi":
        return "vi"
    if locale == "en":
        return "en"
    raise ValueError(f"unsupported locale {locale!r}; expected one of {LOCALES}")


def vi_date_long(day: date) -> str:
    """Write a date the way Vietnamese administrative documents do.

    Days below 10 and the months January and February get a leading zero, as the rules
    for the date line of official documents require (so that a handwritten "1" cannot
    later become "11"); other months are written without one.

    Args:
        day: the date.

    Returns:
        E.g. ``"ngày 31 tháng 12 năm 2023"`` or ``"ngày 05 tháng 01 năm 2024"``.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vi_date_short(day: date) -> str:
    """Write a date as ``dd/mm/yyyy`` (e.g. ``"31/12/2023"``).

    Args:
        day: the date.

    Returns:
        The numeric form used in tables and subjects.
    """
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def en_date(day: date) -> str:
    """Write a date in English, day first (e.g. ``"31 December 2023"``).

    Args:
        day: the date.

    Returns:
        The date with the month spelled out, independent of the machine's locale.
    """
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def format_date(
    day: date, locale: str, style: Literal["long", "short"] = "long"
) -> str:
    """Write a date for a locale.

    Args:
        day: the date.
        locale: ``"vi"`` or ``"en"``.
        style: ``"long"`` for running text, ``"short"`` for tables and subjects.

    Returns:
        The formatted date. In Vietnamese the long form starts with "ngày".

    Raises:
        ValueError: the locale is not supported.
    """
    if check_locale(locale) == "vi":
        return vi_date_long(day) if style == "long" else vi_date_short(day)
    return en_date(day) if style == "long" else day.isoformat()


def role_label(role: str, locale: str) -> str:
    """Name an owner's role: lead (chủ trì) or support (phối hợp).

    Args:
        role: ``"lead"`` or ``"support"``.
        locale: ``"vi"`` or ``"en"``.

    Returns:
        The label in the locale.

    Raises:
        ValueError: unknown role or locale.
    """
    try:
        return _ROLE_LABELS[check_locale(locale)][role]
    except KeyError as err:
        raise ValueError(f"unknown role {role!r}") from err


def recurrence_label(recurrence: str, locale: str) -> str:
    """Name how often a recurring directive repeats (e.g. "hằng tháng").

    Args:
        recurrence: one of the :data:`Recurrence` values.
        locale: ``"vi"`` or ``"en"``.

    Returns:
        The label in the locale.

    Raises:
        ValueError: unknown recurrence or locale.
    """
    try:
        return _RECURRENCE_LABELS[check_locale(locale)][recurrence]
    except KeyError as err:
        raise ValueError(f"unknown recurrence {recurrence!r}") from err


def due_phrase(
    due_on: date | None,
    recurrence: str | None,
    locale: str,
    style: Literal["long", "short"] = "long",
) -> str:
    """Say when something is due, without ever inventing a date.

    A dated item shows its date (and, if it recurs, how often). An undated recurring
    item says how it recurs; an undated one-off item says it has no deadline.

    Args:
        due_on: the due date, or ``None``.
        recurrence: the recurrence, or ``None`` for a one-off item.
        locale: ``"vi"`` or ``"en"``.
        style: date style, as in :func:`format_date`.

    Returns:
        E.g. ``"ngày 31 tháng 12 năm 2023"``, ``"thực hiện thường xuyên"``,
        ``"không thời hạn"``.

    Raises:
        ValueError: unknown recurrence or locale.
    """
    vi = check_locale(locale) == "vi"
    if due_on is not None:
        when = format_date(due_on, locale, style)
        if recurrence is None:
            return when
        label = recurrence_label(recurrence, locale)
        return f"{when} (nhiệm vụ {label})" if vi else f"{when} ({label} item)"
    if recurrence is not None:
        label = recurrence_label(recurrence, locale)
        return f"thực hiện {label}" if vi else f"{label}, no fixed deadline"
    return "không thời hạn" if vi else "no deadline"


_EN_KINDS = {
    "thông báo": "Notice",
    "kết luận": "Conclusion",
    "chỉ thị": "Instruction",
    "công văn": "Official letter",
    "nghị quyết": "Resolution",
    "quyết định": "Decision",
    "kế hoạch": "Plan",
}


def document_kind(kind: str, locale: str = "vi") -> str:
    """Name a document kind for running text ("THÔNG BÁO" → "Thông báo").

    Notices print their kind in capitals; running text uses sentence case. In English
    the usual kinds are translated and any other kind is kept as written.

    Args:
        kind: the kind as read from the notice.
        locale: ``"vi"`` or ``"en"``.

    Returns:
        The kind in sentence case, or its English name.

    Raises:
        ValueError: the locale is not supported.
    """
    kind = one_line(kind).lower()
    if check_locale(locale) == "en" and kind in _EN_KINDS:
        return _EN_KINDS[kind]
    return kind[:1].upper() + kind[1:]


def one_line(value: str) -> str:
    """Collapse all whitespace, including line breaks, into single spaces.

    Args:
        value: any text.

    Returns:
        The text on one line, stripped.
    """
    return " ".join(value.split())


def item_name(ref: str, text: str, locale: str, *, capital: bool = False) -> str:
    """Name a directive in running text as the notice numbers it, never by an id.

    See :func:`domain.item_names.item_name`; this checks the locale first.

    Args:
        ref: the directive's reference as stored.
        text: the directive's text.
        locale: ``"vi"`` or ``"en"``.
        capital: start with a capital letter (at the start of a sentence).

    Returns:
        The name, e.g. ``"mục 4"``, ``"the third point of item 2"``.

    Raises:
        ValueError: the locale is not supported.
    """
    return name_item(ref, text, check_locale(locale), capital=capital)
