"""An assignment's history as a person reads it, in Vietnamese or English.

Every event stores its facts as a payload of named values (``reason``, ``to``,
``reported_on`` …). Those names, the ids behind them, ISO dates and empty values are
the program's own; this module turns one event into what a page or the command shows:
what happened, who did it, and each fact under a label in the reader's language, dates
as dd/mm/yyyy, bodies by name, nothing empty.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from domain.periods import PeriodError, parse_period
from domain.reasons import step_word

#: What each event records, in Vietnamese and English.
EVENT_WORDS: Final[dict[str, tuple[str, str]]] = {
    "created": ("giao nhiệm vụ", "assigned on registration"),
    "assigned": ("giao đơn vị thực hiện", "owner given"),
    "reassigned": ("chuyển đơn vị thực hiện", "handed to another owner"),
    "progress": ("báo cáo tiến độ", "progress reported"),
    "completion_reported": ("báo cáo hoàn thành", "reported done"),
    "accepted": ("tiếp nhận kết quả", "accepted"),
    "returned": ("trả lại báo cáo", "report returned"),
    "extended": ("gia hạn", "extended"),
    "cancelled": ("hủy nhiệm vụ", "cancelled"),
    "due_corrected": ("đính chính thời hạn", "due date corrected"),
    "review": ("chuyển sang cần xem lại", "sent for review"),
}
#: Who did it, when it was the service rather than a person.
SYSTEM_ACTORS: Final[dict[str, tuple[str, str]]] = {
    "sweep": ("hệ thống nhắc việc", "follow-up service"),
    "directives": ("hệ thống", "the system"),
    "ingest-notice": ("hệ thống đăng ký văn bản", "notice registration service"),
    "completion-report": ("hệ thống báo cáo định kỳ", "report service"),
}
#: The label of each fact an event may hold, in the order they are shown. ``from``
#: and ``to`` are labelled by what moved (a date or an owner), see :func:`_label`.
_LABELS: Final[dict[str, tuple[str, str]]] = {
    "owner_text": ("cụm từ trong văn bản", "words of the notice"),
    "role": ("vai trò", "role"),
    "owner": ("đơn vị", "owner"),
    "from": ("từ", "from"),
    "to": ("đến", "to"),
    "original": ("hạn ban đầu", "original due date"),
    "occurrence": ("thời hạn", "deadline"),
    "reported_on": ("ngày báo cáo", "reported on"),
    "accepted_on": ("ngày tiếp nhận", "accepted on"),
    "returned_on": ("ngày trả lại", "returned on"),
    "on": ("ngày đính chính", "corrected on"),
    "note": ("nội dung", "note"),
    "evidence": ("minh chứng", "evidence"),
    "document": ("văn bản", "document"),
    "approved_by": ("người cho phép", "approved by"),
    "reason": ("lý do", "reason"),
}
_DATE_MOVES: Final[dict[str, tuple[str, str]]] = {
    "from": ("hạn cũ", "previous due date"),
    "to": ("hạn mới", "new due date"),
}
_OWNER_MOVES: Final[dict[str, tuple[str, str]]] = {
    "from": ("đơn vị trước", "previous owner"),
    "to": ("đơn vị mới", "new owner"),
}
#: Facts only the program reads: the Vietnamese twin of ``reason`` (shown in its place),
#: the step (the event's own name says it) and a recurring item's parent id.
UNSHOWN_KEYS: Final = frozenset({"reason_vi", "step", "parent"})
#: Every fact an event may hold; a new one needs a label here.
KNOWN_KEYS: Final = frozenset(_LABELS) | UNSHOWN_KEYS
#: Facts that are bodies (registry codes), shown by name.
_BODIES: Final = frozenset({"owner", "approved_by"})
_ROLES: Final[dict[str, tuple[str, str]]] = {
    "lead": ("chủ trì", "lead"),
    "support": ("phối hợp", "supporting"),
}
#: Reasons the rules wrote in English only before they kept both languages.
_OLD_REASONS_VI: Final[dict[str, str]] = {
    "the amended notice changed the deadline": "văn bản sửa đổi thay đổi thời hạn",
    "dropped from the amended notice": "văn bản sửa đổi không còn nội dung này",
}


@dataclass(frozen=True)
class EventView:
    """One event as shown: what happened, who did it, and its facts.

    Args:
        what: the event in words.
        who: the person's account, or the service in words.
        details: (label, value) pairs, in the order they are shown.
    """

    what: str
    who: str
    details: tuple[tuple[str, str], ...]


def describe_event(
    kind: str,
    actor: str,
    payload: Mapping[str, object],
    *,
    lang: str,
    org_names: Mapping[str, str],
) -> EventView:
    """An event as a person reads it.

    Args:
        kind: the event's kind (an :class:`~domain.assignment.EventKind` or a step).
        actor: who recorded it (an account, or a service's name).
        payload: the event's facts.
        lang: ``"vi"``, or English for any other value.
        org_names: registry codes to bodies' names.

    Returns:
        The event's words; a fact with no value, or one that only the program reads
        (an id, a step's name), is left out.
    """
    vi = lang == "vi"
    step = payload.get("step")
    if isinstance(step, str) and step:
        name = step_word(step) if vi else step.replace("_", " ")
        if kind == "step_skipped":
            what = f"không gửi thư {name}" if vi else f"{name} mail not sent"
        else:
            what = f"gửi thư {name}" if vi else f"{name} mail"
    else:
        words = EVENT_WORDS.get(kind)
        what = (words[0] if vi else words[1]) if words else kind.replace("_", " ")
    system = SYSTEM_ACTORS.get(actor)
    who = (system[0] if vi else system[1]) if system else actor
    moves = _DATE_MOVES if kind in ("extended", "due_corrected") else _OWNER_MOVES
    details = []
    for key, words in _LABELS.items():
        if key not in payload:
            continue
        value = _value(key, payload, vi=vi, org_names=org_names, owners=moves)
        if value:
            label = (moves.get(key) or words)[0 if vi else 1]
            details.append((label, value))
    return EventView(what, who, tuple(details))


def _value(
    key: str,
    payload: Mapping[str, object],
    *,
    vi: bool,
    org_names: Mapping[str, str],
    owners: Mapping[str, tuple[str, str]],
) -> str:
    raw = payload.get(key)
    if key == "reason":
        translated = payload.get("reason_vi")
        if vi and isinstance(translated, str) and translated:
            return translated
        if vi and isinstance(raw, str):
            return _OLD_REASONS_VI.get(raw, raw)
        return raw if isinstance(raw, str) else ""
    if raw is None or raw == "":
        if key == "from" and owners is _OWNER_MOVES and "to" in payload:
            return "chưa có đơn vị" if vi else "none"
        return ""
    text = str(raw)
    if key == "role":
        pair = _ROLES.get(text)
        return (pair[0] if vi else pair[1]) if pair else text
    if key in _BODIES or (owners is _OWNER_MOVES and key in ("from", "to")):
        return org_names.get(text, text)
    if key == "occurrence":
        return _occurrence(text, vi=vi)
    return _day(text) or text


def _day(text: str) -> str:
    """An ISO date as dd/mm/yyyy; empty for anything else."""
    try:
        return f"{date.fromisoformat(text):%d/%m/%Y}"
    except ValueError:
        return ""


def _occurrence(key: str, *, vi: bool) -> str:
    """The deadline a step was for: a date, a milestone of it, or a period."""
    due, _, milestone = key.partition("~")
    if milestone and _day(milestone):
        mark = _day(milestone)
        return (
            f"mốc {mark} (hạn {_day(due) or due})"
            if vi
            else (f"milestone {mark} (due {_day(due) or due})")
        )
    if _day(key):
        return _day(key)
    try:
        return parse_period(key).label("vi" if vi else "en")
    except PeriodError:
        return key
