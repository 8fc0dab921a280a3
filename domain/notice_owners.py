"""Who a directive is addressed to: owner phrases and their roles.

An owner is the body told to act: the grammatical subject at the start of a clause
("Sở Tài chính chủ trì …"), the object of "giao", "yêu cầu", "đề nghị" ("Giao Ủy ban
nhân dân xã chỉ đạo Công an xã …": only the first body acts), or a body named after
"phối hợp với" (a supporting owner). Bodies that are only directed, reported to or
mentioned are not owners.

A phrase is recognised by its head ("Sở", "Ủy ban nhân dân", "các cơ quan", "Chủ tịch" …)
and ends where the predicate starts ("chủ trì", "khẩn trương", "tham mưu" …). Lists are
split into separately named bodies, but a collective phrase that names one kind of body
at several levels ("UBND các huyện, thị xã, thành phố") is kept whole.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from domain.notice_lexicon import (
    CAPITALISED_HEADS,
    COMPANY_HEADS,
    DETERMINERS,
    EVALUATION_HEADINGS,
    FRONTED_OPENERS,
    GENERIC_HEADS,
    GIAO_BOARDS,
    GIAO_OTHER_SENSES,
    LEVELS,
    MINISTRY_NAME_TAILS,
    NAME_COMPOUNDS,
    NAME_VERB_HEADS,
    NON_STATE_HEADS,
    NOT_HEAD_AFTER,
    OBJECTIVE_HEADINGS,
    PEOPLE_HEADS,
    PERSON_TITLES,
    PLACE_AFTER_TRONG,
    PLURAL_DETERMINERS,
    STOPPERS,
    STRONG_HEADS,
    SUBLEVELS,
    TASK_HEADINGS,
    TRADE_HEADS,
    TRADES,
    VERBS,
    WEAK_HEADS,
    alternation,
)
from domain.notice_text import collapse, fold


@dataclass(frozen=True)
class FoundOwner:
    """An owner phrase found in a text: as written, its role and where it starts."""

    text: str
    role: str
    start: int


class _Word(NamedTuple):
    text: str  # as written
    low: str  # folded and lower-cased
    start: int
    end: int


_HEADS = tuple(
    sorted(
        {(h, True) for h in STRONG_HEADS} | {(h, False) for h in WEAK_HEADS},
        key=lambda hs: -len(hs[0].split()),
    )
)
_HEADS_BY_FIRST: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
for _head, _strong in _HEADS:
    _HEADS_BY_FIRST.setdefault(_head.split()[0], []).append(
        (_head, tuple(_head.split()), _strong)
    )
_PREDICATES = frozenset(tuple(verb.split()) for verb in VERBS)
_PREDICATE_LENGTHS = sorted({len(p) for p in _PREDICATES}, reverse=True)
_MAX_PHRASE_WORDS = 16
_QUALIFIER_OBJECT_WORDS = 4

_WORD_RE = re.compile(r"[\w&/’'\-.]*\w|[,;:()\n“”\"!?]|\.")
# "giao ban" is a briefing meeting and "giao lưu", "giao thông" … are no hand-over; but
# "Giao Ban cán sự đảng …" hands work to a board.
_NOT_GIAO_BAN = (
    r"(?!\s+(?:(?:ban|Ban|BAN)(?!\s+(?:"
    + alternation(GIAO_BOARDS)[3:-1]
    + r"|(?-i:[A-ZĐ])))|"
    + alternation(GIAO_OTHER_SENSES)[3:-1]
    + r")\b)"
)
_ASSIGN_RE = re.compile(
    r"(?:(?:kính\s+)?đề\s+nghị|yêu\s+cầu|giao(?:\s+(?:nhiệm\s+vụ|trách\s+nhiệm))?"
    rf"{_NOT_GIAO_BAN}|đối\s+với"
    r"|riêng\s+đối\s+với|về\s+phía|trách\s+nhiệm\s+của|đồng\s+chí\s+đề\s+nghị)"
    r"(?:\s+cho)?\s+",
    re.IGNORECASE,
)
_CONNECTIVE_RE = re.compile(
    r"(?:đồng\s+thời|bên\s+cạnh\s+đó|ngoài\s+ra|trong\s+đó|trước\s+mắt|sau\s+đó|mặt\s+khác"
    r"|trên\s+cơ\s+sở\s+đó|theo\s+đó|cụ\s+thể|tiếp\s+theo|đặc\s+biệt|nhất\s+là|và)\s*,?\s*",
    re.IGNORECASE,
)
_SUPPORT_RE = re.compile(
    r"(?:phối\s+hợp(?:\s+(?:chặt\s+chẽ|tốt|thường\s+xuyên))?\s+(?:với|cùng)"
    r"|với\s+sự\s+phối\s+hợp\s+của|cùng\s+phối\s+hợp\s+với)\s+",
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(r";|:|\n|\.(?=\s|$)|!|\?")
# "đối với" hands work on only where a clause opens with it; after a noun ("chế độ
# đối với cán bộ nghỉ việc") it names whom something concerns.
_LEAD_IN_CUE_RE = re.compile(
    r"(?:(?:^|(?<=[\s,;:]))(?:(?:kính\s+)?đề\s+nghị|yêu\s+cầu"
    rf"|giao{_NOT_GIAO_BAN})|(?:^|(?<=[,;:])\s*|(?<=[,;:]\s))đối\s+với)(?:\s+cho)?\s+",
    re.IGNORECASE,
)
# "nguồn chi thường xuyên đã giao cho các đơn vị": what was handed out before is
# no work handed on now.
_MID_HAND_ON_RE = re.compile(
    r"(?<!được\s)(?<!theo\s)(?<!của\s)(?<!đã\s)(?<=\s)(?:(?:kính\s+)?đề\s+nghị|yêu\s+cầu"
    rf"|giao(?:\s+(?:nhiệm\s+vụ|trách\s+nhiệm))?{_NOT_GIAO_BAN})(?:\s+cho)?\s+(?=\S)",
    re.IGNORECASE,
)
_SPEAKER_RE = re.compile(
    r"(?:cơ\s+bản\s+)?(?:thống\s+nhất|đồng\s+ý|nhất\s+trí|chấp\s+thuận|cho\s+phép|kết\s+luận"
    r"|quyết\s+định|giao|yêu\s+cầu|đề\s+nghị)\b",
    re.IGNORECASE,
)
# A remark of the one presiding: "… lưu ý, …", "… nhấn mạnh: …".
_REMARK_RE = re.compile(
    r"(?:lưu\s+ý|nhấn\s+mạnh|khẳng\s+định|chỉ\s+rõ)\s*(?:,|:|rằng\b)", re.IGNORECASE
)
_PERSON_OPENERS = ("đồng chí", "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư")


def _person(names: list[tuple[str, int]]) -> bool:
    """Whether the one subject is a person named by a post ("Phó Chủ tịch UBND …")."""
    return len(names) == 1 and names[0][0].lower().startswith(_PERSON_OPENERS)


# A sentence that only agrees ("… cơ bản thống nhất.", "… đồng ý với đề xuất.").
_AGREED_RE = re.compile(
    r"(?:cơ\s+bản\s+)?(?:thống\s+nhất|đồng\s+ý|nhất\s+trí|chấp\s+thuận)"
    r"(?:\s+(?:với\s+)?(?:đề\s+xuất|đề\s+nghị|chủ\s+trương|nội\s+dung|phương\s+án)"
    r"(?:\s+\w+){0,6})?\s*\.?\s*$",
    re.IGNORECASE,
)
# "chịu trách nhiệm trước …", "… về …", "… khi …": accountable; "chịu trách nhiệm chỉ
# đạo, kiểm tra …" hands over the work that follows.
_ACCOUNTABLE_RE = re.compile(
    r"(?:phải\s+|cùng\s+)?chịu\s+trách\s+nhiệm(?:\s+chính)?\b\s*", re.IGNORECASE
)
_HAND_ON_RE = re.compile(r"(?:giao|yêu\s+cầu|đề\s+nghị)(?:\s+cho)?\s+", re.IGNORECASE)
_IN_CHARGE_RE = re.compile(r"\btrong\s+đó\b[^;.]*\bchủ\s+trì\b", re.IGNORECASE)


def find_owners(text: str) -> list[FoundOwner]:
    """The owners of one directive's text, leads first, each named once.

    Args:
        text: the text of the item; "\\n" marks a break after a heading line.

    Returns:
        Owner phrases as written (line breaks collapsed, parenthetical remarks left
        out), with role "lead" or "support".
    """
    analysis = _mask_parentheses(fold(text))
    labelled = _labelled_owners(text, analysis)
    if labelled:
        # The label lines are read; the rest of the item is read without them.
        labels = list(_ROLE_LABEL_RE.finditer(analysis))
        for k, match in enumerate(labels):
            stop = _line_end(analysis, match.end())
            if k + 1 < len(labels):
                stop = min(stop, labels[k + 1].start())
            analysis = (
                analysis[: match.start()]
                + " " * (stop - match.start())
                + (analysis[stop:])
            )
    owners: list[FoundOwner] = list(labelled)
    clauses = _clauses(analysis)
    subjects: list[tuple[str, int]] = []
    for n, (start, end) in enumerate(clauses):
        if (
            n
            and _LEADS_THE_BODY_RE.match(analysis, start, end)
            and any(o.role == "lead" for o in owners)
        ):
            # "ĐỐI VỚI ĐẢNG ĐOÀN HĐND TỈNH\nLãnh đạo HĐND tỉnh …": the verb "lãnh
            # đạo" of the body already named; the body it leads is no owner.
            continue
        found = _clause_owners(text, analysis, start, end)
        if not found:
            bodies = (
                _bodies_only(text, analysis, start, end)
                if analysis[end : end + 1] == ";"
                else []
            )
            if bodies:
                # "Thủ trưởng các sở, ngành; Chủ tịch UBND các huyện căn cứ …": a
                # clause of bodies alone shares the predicate of the next clause.
                subjects.extend(bodies)
                continue
            subjects = []
        elif subjects:
            role = found[0].role
            if role in ("lead", "partner"):
                owners.extend(FoundOwner(t, role, s) for t, s in subjects)
            subjects = []
        if any(o.role == "accountable" for o in found):
            # "A chịu trách nhiệm …; kiểm tra, xử lý …": A is told to act after all.
            acts = any(
                starts_with_predicate(text[s:e])
                for s, e in clauses[n + 1 :]
                if analysis[s - 1 : s] == ";"
            )
            found = [FoundOwner(o.text, "lead", o.start) for o in found] if acts else []
        owners.extend(found)
    for match in _MID_HAND_ON_RE.finditer(analysis):
        # "Phó Thủ tướng yêu cầu Bộ X …", "…, giao Sở Y …": work handed on mid-clause.
        end = _clause_end(analysis, match.end())
        phrase = _parse_list(text, analysis, match.end(), end, forced=True)
        if phrase is None:
            continue
        if all(_non_state(t) for t, _ in phrase[0]) and any(
            o.role == "lead" and o.start < match.start() for o in owners
        ):
            continue  # "A yêu cầu nhà thầu …": A is told to see to it
        owners.extend(FoundOwner(t, "lead", s) for t, s in phrase[0])
    continued: set[int] = set()
    for match in _SUPPORT_RE.finditer(analysis):
        if _partner_of_object(text, analysis, match.start()):
            continue
        phrase = _parse_list(text, analysis, match.end(), len(analysis), forced=True)
        if phrase is None:
            phrase = _lower_case_partners(text, analysis, match.end())
        if phrase is not None:
            owners.extend(FoundOwner(t, "support", s) for t, s in phrase[0])
            more = _semicolon_partners(text, analysis, phrase)
            continued.update(s for _, s in more)
            owners.extend(FoundOwner(t, "support", s) for t, s in more)
    if continued:
        # "A chủ trì, phối hợp với B; C thực hiện …": C goes on B's list of partners.
        owners = [
            o if o.start not in continued else FoundOwner(o.text, "support", o.start)
            for o in owners
        ]
    # "A chủ trì; B phối hợp …": B supports A. With no lead in the item, bodies that
    # "phối hợp" with nobody named are its doers ("Đề nghị A, B phối hợp tuyên truyền").
    partner_role = "support" if any(o.role == "lead" for o in owners) else "lead"
    owners = [
        o if o.role != "partner" else FoundOwner(o.text, partner_role, o.start)
        for o in owners
    ]
    support_wins = bool(_IN_CHARGE_RE.search(analysis))
    # "mỗi xã, thị trấn", "từng đơn vị": each one of a set, which the item's owner
    # sees to, not a body told to act.
    owners = [o for o in owners if not _DISTRIBUTIVE_RE.match(o.text)]
    return _dedupe(owners, support_wins=support_wins)


def _lower_case_partners(
    text: str, analysis: str, pos: int
) -> tuple[list[tuple[str, int]], int] | None:
    """The partners after "phối hợp với" named generically in lower case ("sở y tế"),
    each with a name after its head; a head alone ("sở" before the verb "xây dựng")
    names no body."""
    parsed = _parse_list(text, analysis, pos, len(analysis), forced=True, partner=True)
    if parsed is None:
        return None
    names = []
    for name, start in parsed[0]:
        kept = name
        while True:
            head, _, last = kept.rpartition(",")
            if not head or len(last.split()) > 1:
                break
            kept = head.rstrip()  # "sở tài chính, sở" before a verb: the last is none
        if len(kept.split()) > 1:
            names.append((kept, start))
    return (names, parsed[1]) if names else None


def _bodies_only(
    text: str, analysis: str, start: int, end: int
) -> list[tuple[str, int]]:
    """The bodies of a clause that holds nothing else ("Thủ trưởng các sở, ngành")."""
    pos = start
    while pos < end and analysis[pos] in " ,-+*–•\n":
        pos += 1
    if not _SUBJECT_START_RE.match(analysis, pos, end):
        return []
    parsed = _parse_list(text, analysis, pos, end, forced=True)
    if parsed is None or parsed[1]:
        return []
    names = parsed[0]
    last = names[-1]
    if analysis[last[1] + len(last[0]) : end].strip(" ,.\n"):
        return []  # words after the last body that are none of its name
    return names


# A clause of bodies alone starts with a capital or with "các"/"những".
_SUBJECT_START_RE = re.compile(r"(?-i:[A-ZĐÀ-Ỹ])|(?:các|những)\s", re.IGNORECASE)
_LEADS_THE_BODY_RE = re.compile(r"[\s\-+*–•]*lãnh\s+đạo\s", re.IGNORECASE)
_DISTRIBUTIVE_RE = re.compile(r"(?:mỗi|từng)\s", re.IGNORECASE)
# "- Cơ quan chủ trì: Sở Tài chính." / "- Đơn vị phối hợp: …": a plan's item names its
# bodies on labelled lines.
_ROLE_LABEL_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=;)|(?<=\.))[ \t]*[-–+•*]?[ \t]*"
    r"(?:(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)(?:\s*,\s*(?:đơn\s+vị|cơ\s+quan))?\s+"
    r"(?P<role>chủ\s+trì|thực\s+hiện|phối\s+hợp)|(?P<bare>chủ\s+trì|phối\s+hợp))"
    r"(?:\s+thực\s+hiện)?[ \t]*:[ \t]*",
    re.IGNORECASE,
)
_LINE_END_RE = re.compile(r"\n|\.(?:\s|$)")


def _line_end(analysis: str, pos: int) -> int:
    match = _LINE_END_RE.search(analysis, pos)
    return match.start() if match else len(analysis)


def _labelled_owners(text: str, analysis: str) -> list[FoundOwner]:
    """The bodies on "Cơ quan chủ trì:" / "Cơ quan phối hợp:" lines, with their roles."""
    out: list[FoundOwner] = []
    labels = list(_ROLE_LABEL_RE.finditer(analysis))
    for k, match in enumerate(labels):
        said = match.group("role") or match.group("bare")
        role = "support" if said.lower().startswith("ph") else "lead"
        stop = _line_end(analysis, match.end())
        if k + 1 < len(labels):
            stop = min(stop, labels[k + 1].start())
        parsed = _parse_list(
            text, analysis, match.end(), stop, forced=True, cell=True, semicolons=True
        )
        if parsed is not None:
            out.extend(FoundOwner(t, role, s) for t, s in parsed[0])
    return out


def _semicolon_partners(
    text: str, analysis: str, phrase: tuple[list[tuple[str, int]], int]
) -> list[tuple[str, int]]:
    """Bodies that continue a partner list after a ";", with their offsets.

    "phối hợp với Sở X; Sở Y xây dựng …": the list of partners ends at the ";" but
    the next clause starts with a body followed by the shared action, so that body
    is one more partner, not a new subject. Clauses that hold nothing but bodies
    ("…; Sở Y; Sở Z xây dựng …") go on the list too.
    """
    names, follow = phrase
    if not names or follow:
        return []
    last = names[-1][1]
    semi = analysis.find(";", last)
    if (
        semi < 0
        or "\n" in analysis[last:semi]
        or "." in analysis[last:semi].rstrip(".")
    ):
        return []
    collected: list[tuple[str, int]] = []
    for _ in range(8):
        end = _clause_end(analysis, semi + 1)
        more = _parse_list(text, analysis, semi + 1, end, forced=False)
        if more is not None:
            return collected + more[0]
        bodies = _parse_list(text, analysis, semi + 1, end, forced=True)
        if bodies is None and collected and starts_with_predicate(text[semi + 1 : end]):
            return collected  # "…; Sở Y; Sở Z; báo cáo …": the list ends at the verb
        if bodies is None or bodies[1] or analysis[end : end + 1] != ";":
            return []
        collected.extend(bodies[0])
        semi = end
    return []


_DIRECTING_RE = re.compile(r"\b(?:chỉ\s+đạo|hướng\s+dẫn|đôn\s+đốc)\s+", re.IGNORECASE)


def _partner_of_object(text: str, analysis: str, pos: int) -> bool:
    """Whether "phối hợp với" at ``pos`` belongs to a body that is only directed.

    In "chỉ đạo Công an xã phối hợp với các thôn …" the directed body and its
    partners are not owners of the item.
    """
    floor = max(0, pos - _PARTNER_WINDOW)
    start = max(analysis.rfind(c, floor, pos) for c in ";:.\n") + 1
    start = max(start, floor)
    spaces = _SPACES.match(analysis, pos)
    at = spaces.end() if spaces else pos
    for verb in _DIRECTING_RE.finditer(analysis, start, pos):
        parsed = _parse_list(text, analysis, verb.end(), len(analysis), forced=True)
        if parsed is None or not parsed[1]:
            continue
        # "chỉ đạo Sở Nội vụ chủ trì, phối hợp với Sở Tài chính …": the directed
        # body leads and its partners follow; neither owns the item.
        if parsed[1] == at or _LEADS_THEN.fullmatch(analysis, parsed[1], pos):
            return True
    return False


_LEADS_THEN = re.compile(r"chủ\s+trì\s*,?\s*", re.IGNORECASE)


# How far back the directing verb of a partner is looked for: one clause, never more.
_PARTNER_WINDOW = 600
_SPACES = re.compile(r"\s+")


def lead_in_owners(text: str) -> list[FoundOwner]:
    """Owners named by a lead-in: "giao Sở X chủ trì … thực hiện các nội dung sau:".

    Only bodies after "giao", "yêu cầu", "đề nghị" or "đối với" in the last sentence
    count: the speaker of an opening sentence ("đồng chí Bí thư yêu cầu:") is not an
    owner.

    Args:
        text: the paragraph that opens a list.

    Returns:
        The bodies handed the work, as leads.
    """
    # Only the sentence that opens the list: earlier sentences tell what happened.
    sentences = [m.end() for m in re.finditer(r"[.!?]\s+(?=\S)", text)]
    start = sentences[-1] if sentences else 0
    analysis = _mask_parentheses(fold(text))
    owners: list[FoundOwner] = []
    for match in _LEAD_IN_CUE_RE.finditer(analysis, start):
        phrase = _parse_list(
            text, analysis, match.end(), len(analysis), forced=True, semicolons=True
        )
        if phrase is not None:
            owners.extend(FoundOwner(t, "lead", s) for t, s in phrase[0])
    return _dedupe(owners, support_wins=False)


def heading_owners(text: str) -> list[FoundOwner]:
    """Owners named by a section heading ("II. ĐỐI VỚI SỞ Y TẾ", "Về phía UBND huyện").

    Args:
        text: the heading, without its number.

    Returns:
        The bodies the heading addresses, as leads; empty for a topic heading.
    """
    analysis = _mask_parentheses(fold(text))
    match = _ASSIGN_RE.match(analysis.strip())
    offset = len(analysis) - len(analysis.lstrip())
    if match is None and _SECTION_WORDS_RE.match(analysis.strip()):
        return []  # "III. TỔ CHỨC THỰC HIỆN", "II. NHIỆM VỤ, GIẢI PHÁP": no body
    if match is None:
        # "II. Ủy ban nhân dân các xã, phường": a heading that is only a body's name.
        whole = _parse_list(text, analysis, offset, len(analysis), forced=True)
        if (
            whole is None
            or whole[1]
            or not analysis.rstrip(" :.").endswith(fold(whole[0][-1][0]).rstrip(" :."))
        ):
            return []
        return [FoundOwner(t, "lead", s) for t, s in whole[0]]
    phrase = _parse_list(
        text, analysis, offset + match.end(), len(analysis), forced=True
    )
    if phrase is None:
        return []
    return [FoundOwner(t, "lead", s) for t, s in phrase[0]]


# A heading that opens with the name of a part of a plan names no body.
_SECTION_WORDS_RE = re.compile(
    alternation((*TASK_HEADINGS, *OBJECTIVE_HEADINGS, *EVALUATION_HEADINGS))
    + r"(?:\W|$)",
    re.IGNORECASE,
)


def starts_with_predicate(text: str) -> bool:
    """Whether a clause opens with a verb of action ("Tiếp tục thực hiện …").

    Args:
        text: a clause.

    Returns:
        True when its first words are a predicate rather than a subject.
    """
    # Only the opening words matter: a long clause is not read to its end.
    text = text[: len(text) - len(text.lstrip()) + _OPENING_CHARS]
    analysis = fold(text)
    words = _words(text, analysis, 0, len(analysis))
    first = 0
    while first < len(words) and words[first].low in _SKIPPED_OPENERS:
        first += 1
    if first == len(words):
        return False
    for n in _PREDICATE_LENGTHS:
        if tuple(w.low for w in words[first : first + n]) in _PREDICATES:
            return True
    return False


_OPENING_CHARS = 200
_SKIPPED_OPENERS = frozenset({"-", "+", "•", ",", "và", "đồng", "thời"})


def split_owner_cell(text: str) -> list[str]:
    """The bodies of a task-table cell ("Sở Tài chính; UBND các huyện, thị xã").

    Args:
        text: the cell, its lines joined ("\\n" before a new bullet).

    Returns:
        The body phrases as written, collective phrases kept whole.
    """
    names: list[str] = []
    # A bulleted cell flattened onto one line ("- Sở A - Sở B") splits at its bullets.
    bullets = r"|\s[-–+•]\s" if text.lstrip()[:1] in "-–+•" else ""
    for part in re.split(r"[;\n]|^\s*[-–+•]\s*" + bullets, text):
        part = part.strip(" ,.-+")
        if not part:
            continue
        analysis = _mask_parentheses(fold(part))
        parsed = _parse_list(part, analysis, 0, len(analysis), forced=True, cell=True)
        if parsed is None or not parsed[0]:
            names.append(collapse(part))
        else:
            names.extend(t for t, _ in parsed[0])
    return names


# --- clauses -----------------------------------------------------------------------


_NAMES_AFTER_COLON = re.compile(
    r"(?:các|những)\s+(?:bộ|sở|ban|cục|tỉnh|thành\s+phố|đặc\s+khu|xã|phường|huyện"
    r"|thị\s+trấn|quận|thị\s+xã)"
    r"(?:\s*,\s*ngành)?\s*$",
    re.IGNORECASE,
)


def _clause_end(analysis: str, pos: int) -> int:
    match = _CLAUSE_END_RE.search(analysis, pos)
    return match.start() if match else len(analysis)


def _mask_parentheses(text: str) -> str:
    """Parenthetical remarks blanked out (same length): they never hold the owner."""
    if "(" not in text:
        return text
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        if depth:
            out[i] = " "
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


# How far before a colon "các bộ", "các xã" … is looked for: a few words.
_NAMES_WINDOW = 80


def _clauses(analysis: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _CLAUSE_END_RE.finditer(analysis):
        if match.group() == ":" and _NAMES_AFTER_COLON.search(
            analysis, max(0, match.start() - _NAMES_WINDOW), match.start()
        ):
            nxt = analysis[match.end() : match.end() + 3].strip()
            if nxt[:1].isupper():
                continue  # "Các Bộ: Giao thông vận tải, Xây dựng …" goes on
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(analysis)))
    return [(s, e) for s, e in spans if analysis[s:e].strip()]


def _clause_owners(text: str, analysis: str, start: int, end: int) -> list[FoundOwner]:
    pos = start
    while pos < end and analysis[pos] in " ,-+*–•":
        pos += 1
    while True:
        connective = _CONNECTIVE_RE.match(analysis, pos, end)
        if connective is None or connective.end() == pos:
            break
        pos = connective.end()
    assign = _ASSIGN_RE.match(analysis, pos, end)
    forced = assign is not None
    if assign is not None:
        pos = assign.end()
    parsed = _parse_list(text, analysis, pos, end, forced=forced)
    if parsed is None and not forced and _STANDING_RE.search(analysis, pos, end):
        # "Sở Tài chính là cơ quan thường trực, …": the body named as the standing
        # or focal body of the plan is the one that acts.
        standing = _parse_list(text, analysis, pos, end, forced=True)
        if standing is not None and _STANDING_RE.match(analysis, standing[1] or end):
            return [FoundOwner(t, "lead", s) for t, s in standing[0]]
    if parsed is None:
        parsed = _after_fronted(text, analysis, start, end)
    if parsed is None:
        return []
    names, follow = parsed
    role = "lead"
    if follow:
        after = analysis[follow:end].lower()
        if _SPEAKER_RE.match(after) and _hands_on_to_body(text, analysis, follow, end):
            # "UBND tỉnh thống nhất chủ trương, giao Sở X …": the subject decides,
            # the body it hands the work to acts (found by the mid-clause scan).
            return []
        if _REMARK_RE.match(after) and _person(names):
            # "Phó Chủ tịch UBND tỉnh lưu ý, việc …": the chair's remark on the
            # matter, no work of the chair's own.
            return []
        agreed = _AGREED_RE.match(after)
        if agreed is not None and _hands_on_to_body(
            text, analysis, end, min(len(analysis), _clause_end(analysis, end + 1))
        ):
            # "Ban Thường vụ cơ bản thống nhất. Giao Sở X …": the sentence only
            # agrees; the next one hands the work on.
            return []
        accountable = _ACCOUNTABLE_RE.match(after)
        if accountable is not None and not starts_with_predicate(
            text[follow + accountable.end() : end]
        ):
            # "người đứng đầu chịu trách nhiệm khi …": accountable, not acting,
            # unless a later clause gives the same subject work of its own.
            return [FoundOwner(t, "accountable", s) for t, s in names]
        hand = _HAND_ON_RE.match(after)
        if hand is not None:
            # The subject is the speaker handing the work on: the object acts.
            again = _parse_list(text, analysis, follow + hand.end(), end, forced=True)
            if again and again[0] and not all(_non_state(t) for t, _ in again[0]):
                return [FoundOwner(t, "lead", s) for t, s in again[0]]
            # "Ban Quản lý dự án yêu cầu nhà thầu …": the object is no body, so the
            # subject is the one told to act.
            return [FoundOwner(t, "lead", s) for t, s in names]
        if re.match(r"phối\s+hợp(?!\s+(?:chặt\s+chẽ\s+|tốt\s+)?(?:với|cùng))", after):
            role = "partner"
    return [FoundOwner(t, role, s) for t, s in names]


_FRONTED_RE = re.compile(
    r"[\s\-+*–•]*" + alternation(FRONTED_OPENERS) + r"\s", re.IGNORECASE
)
_FRONTED_COMMAS = 3


def _after_fronted(
    text: str, analysis: str, start: int, end: int
) -> tuple[list[tuple[str, int]], int] | None:
    """The subject after a fronted phrase: "Đối với vốn chưa phân bổ, các bộ …".

    The phrase runs to one of its first few commas; the subject after it must be
    followed by its predicate.
    """
    if _FRONTED_RE.match(analysis, start, end) is None:
        return None
    pos = start
    for _ in range(_FRONTED_COMMAS):
        comma = analysis.find(",", pos, end)
        if comma < 0:
            return None
        found = _parse_list(text, analysis, comma + 1, end, forced=False)
        if found is not None:
            return found
        pos = comma + 1
    return None


_STANDING_RE = re.compile(
    r"là\s+(?:(?:cơ\s+quan|đơn\s+vị|bộ\s+phận)\s+)?(?:thường\s+trực|đầu\s+mối|chủ\s+trì)",
    re.IGNORECASE,
)


def _hands_on_to_body(text: str, analysis: str, start: int, end: int) -> bool:
    """Whether the clause hands work on to a body ("…, giao Sở X …").

    "yêu cầu nhà thầu …" hands nothing on to a body of the state: the subject is
    the one told to act.
    """
    for match in _MID_HAND_ON_RE.finditer(analysis, start, end):
        stop = _clause_end(analysis, match.end())
        found = _parse_list(text, analysis, match.end(), stop, forced=True)
        if found is not None and not all(_non_state(t) for t, _ in found[0]):
            return True
    return False


def is_non_state(phrase: str) -> bool:
    """Whether a body is outside the state ("nhà thầu", "các chủ đầu tư").

    A state body that "yêu cầu nhà thầu …" is the one told to act: it sees to the
    contractor's work.

    Args:
        phrase: an owner phrase.

    Returns:
        True when its head is one of the lexicon's non-state heads.
    """
    low = re.sub(r"^(?:các|những)\s+", "", collapse(fold(phrase).lower()))
    return low.startswith(NON_STATE_HEADS)


_non_state = is_non_state


# --- phrases -----------------------------------------------------------------------


def _words(text: str, analysis: str, start: int, end: int) -> list[_Word]:
    """The words between ``start`` and ``end``, at most :data:`_MAX_LIST_WORDS`.

    A list of bodies ends well before that many words, so a phrase parsed at each of
    many places of a long text costs the same as in a short one.
    """
    words, starts = _tokens(text, analysis)
    first = bisect_left(starts, start)
    return list(words[first : min(bisect_left(starts, end), first + _MAX_LIST_WORDS)])


_MAX_LIST_WORDS = 300


@lru_cache(maxsize=256)
def _tokens(text: str, analysis: str) -> tuple[tuple[_Word, ...], tuple[int, ...]]:
    """The words of a text, tokenised once however many phrases are parsed in it."""
    low = analysis.lower()
    spans = [m.span() for m in _WORD_RE.finditer(analysis)]
    if len(low) == len(analysis):  # lower-casing kept every offset: slice once
        words = tuple(_Word(text[s:e], low[s:e], s, e) for s, e in spans)
    else:
        words = tuple(_Word(text[s:e], analysis[s:e].lower(), s, e) for s, e in spans)
    return words, tuple(s for s, _ in spans)


def _match_head(words: list[_Word], i: int, det: str | None) -> int:
    """How many words form a head at ``words[i]`` (0 when there is none)."""
    if i >= len(words):
        return 0
    if (
        det is not None
        and words[i].low == "chi"
        and i + 2 < len(words)
        and words[i + 1].low == ","
        and words[i + 2].low in ("đảng", "đoàn", "hội")
    ):
        return 1  # "các chi, đảng bộ": "chi bộ" with its second syllable shared
    for head, parts, strong in _HEADS_BY_FIRST.get(words[i].low, ()):
        n = len(parts)
        if tuple(w.low for w in words[i : i + n]) != parts:
            continue
        nxt = words[i + n] if i + n < len(words) else None
        banned = NOT_HEAD_AFTER.get(head, ())
        if nxt is not None and nxt.low in banned:
            continue
        if head in CAPITALISED_HEADS and not _capitalised(words[i].text):
            continue
        if strong:
            return n
        if det is not None:
            return n
        if (
            nxt is not None
            and nxt.low in ("các", "những")
            and head not in LEVELS
            and head != "tổ chức"
        ):
            # "Trưởng các thôn", "Lãnh đạo các sở"; but "Tổ chức các đoàn kiểm tra"
            # opens with the verb "organise".
            return n
        if head in PERSON_TITLES and _shares_object(words, i + n):
            return n  # "Bộ trưởng, Thủ trưởng các bộ": two titles of one object
        if _capitalised(words[i].text) and _numbered_unit_follows(words, i + n):
            return n  # "Xí nghiệp cấp nước số 2": a unit named by its trade and number
        if head in PEOPLE_HEADS and _people_follow(words, i + n):
            return n  # "Cán bộ, đảng viên, công chức …": people of several kinds
        if nxt is not None and (_capitalised(nxt.text) or _level_at(words, i + n)):
            if head in LEVELS and not _capitalised(nxt.text):
                continue
            return n
        if (
            nxt is not None
            and nxt.low == "và"
            and _capitalised(words[i].text)
            and i + n + 1 < len(words)
            and _capitalised(words[i + n + 1].text)
            and _match_head(words, i + n + 1, None) == 0
        ):
            return n  # "Báo và Phát thanh, Truyền hình tỉnh": one body's name
    return 0


_UNIT_TRADE_WORDS = 3


def _numbered_unit_follows(words: list[_Word], i: int) -> bool:
    """Whether a few lower-case words and "số N" follow a head at ``i``."""
    for k in range(i, min(i + _UNIT_TRADE_WORDS, len(words))):
        word = words[k]
        if word.low == "số" and k > i and k + 1 < len(words):
            return words[k + 1].low.isdigit()
        if _capitalised(word.text) or not word.low.isalpha():
            return False
    return False


def _people_follow(words: list[_Word], i: int) -> bool:
    """Whether ``words[i]`` is a comma or "và" before another kind of people."""
    if i + 1 >= len(words) or words[i].low not in (",", "và"):
        return False
    return any(
        tuple(w.low for w in words[i + 1 : i + 1 + len(p.split())]) == tuple(p.split())
        for p in PEOPLE_HEADS
    )


def _shares_object(words: list[_Word], i: int) -> bool:
    """Whether a bare title at ``i - 1`` shares the object of the title after a comma.

    "Bộ trưởng, Thủ trưởng các bộ, cơ quan trung ương": the heads of the ministries
    and of the other central bodies, one owner.
    """
    if i + 1 >= len(words) or words[i].low != ",":
        return False
    for head, parts, _strong in _HEADS_BY_FIRST.get(words[i + 1].low, ()):
        if (
            head in PERSON_TITLES
            and tuple(w.low for w in words[i + 1 : i + 1 + len(parts)]) == parts
        ):
            return True
    return False


_LEVEL_PARTS = tuple(
    sorted({tuple(w.split()) for w in LEVELS | SUBLEVELS}, key=len, reverse=True)
)
_LEVEL_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(p for p in _LEVEL_PARTS if p[0] == first)
    for first in {p[0] for p in _LEVEL_PARTS}
}
# "xã hội", "xã viên", "Tỉnh ủy", "huyện đội": the level word is part of another word.
_NOT_LEVEL_AFTER = frozenset({"hội", "viên", "ủy", "đội", "đoàn", "bộ", "đồ", "sao"})
_NOT_LEVEL_BEFORE = frozenset({"văn", "cơ", "nông", "tác", "phiên", "nguyên"})


def _level_at(words: list[_Word], i: int) -> int:
    """How many words from ``i`` form a level or unit word ("xã", "thành phố")."""
    if i >= len(words) or (i and words[i - 1].low in _NOT_LEVEL_BEFORE):
        return 0
    for parts in _LEVEL_BY_FIRST.get(words[i].low, ()):
        n = len(parts)
        if tuple(w.low for w in words[i : i + n]) == parts:
            if i + n < len(words) and words[i + n].low in _NOT_LEVEL_AFTER:
                return 0
            return n
    return 0


# Lower-case words that may still follow a level word inside a body's phrase
# ("các xã trên địa bàn", "UBND các huyện miền núi", "các đơn vị trong tỉnh").
_AFTER_LEVEL = frozenset(
    {
        "các",
        "những",
        "trên",
        "trong",
        "thuộc",
        "trực",
        "có",
        "liên",
        "miền",
        "vùng",
        "ven",
        "biên",
        "khu",
        "giáp",
        "lân",
        "dọc",
        "nơi",
        "cấp",
        "mới",
        "-",
        "–",
        "&",
    }
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


# Papers a body drafts: after a verb, they make it the predicate.
_DRAFTED = frozenset(
    {"phương án", "kế hoạch", "đề án", "quy chế", "dự thảo", "báo cáo", "tờ trình"}
)


def _is_predicate(words: list[_Word], i: int, head_end: int, head: str = "") -> bool:
    word = words[i]
    if _capitalised(word.text):
        return False
    found = 0
    for n in _PREDICATE_LENGTHS:
        span = words[i : i + n]
        # "trực Ban Chỉ huy": a capitalised word starts a name, not a verb's syllable.
        if any(_capitalised(w.text) for w in span[1:]):
            continue
        if tuple(w.low for w in span) in _PREDICATES:
            found = n
            break
    if not found:
        return False
    if i and (words[i - 1].low, word.low) in _PREDICATES:
        # The second syllable of a verb already read as part of a name ("Văn phòng
        # đăng ký"): not the start of a predicate.
        return False
    verb = " ".join(w.low for w in words[i : i + found])
    prev2 = " ".join(w.low for w in words[max(0, i - 2) : i])
    prev1 = words[i - 1].low if i else ""
    if (
        (prev2, verb) in NAME_COMPOUNDS or (prev1, verb) in NAME_COMPOUNDS
    ) and " ".join(w.low for w in words[i + found : i + found + 2]) not in _DRAFTED:
        # "Ban Quản lý dự án đầu tư xây dựng"; but "chủ đầu tư xây dựng phương
        # án …" drafts a paper: the verb has its object.
        return False
    nxt = words[i + 1].low if i + 1 < len(words) else ""
    if (verb, nxt) in NAME_COMPOUNDS:
        return False
    # "Ban quản lý", "Hội đồng thẩm định", "Đoàn kiểm tra": a verb right after
    # such a head names the body.
    return not (i == head_end and head in NAME_VERB_HEADS)


def _parse_list(
    text: str,
    analysis: str,
    start: int,
    end: int,
    *,
    forced: bool,
    cell: bool = False,
    semicolons: bool = False,
    partner: bool = False,
) -> tuple[list[tuple[str, int]], int] | None:
    """Parse a list of bodies at ``start``.

    With ``semicolons``, ";" separates bodies as a comma does (addressee lists:
    "yêu cầu Giám đốc các sở; Chủ tịch UBND các huyện thực hiện …"). With
    ``partner``, the words follow "phối hợp với", where only a body can stand: a
    head in lower case names one ("phối hợp với sở y tế" in a letter to the
    departments of every province).

    Returns:
        The separate owner phrases with their offsets, and the offset of the word
        after the list (0 at the end of the clause); None when no body starts here
        or, unless ``forced``, when no action follows.
    """
    words = _words(text, analysis, start, end)
    segments: list[list[_Word]] = []
    seps: list[str] = []
    current: list[_Word] = []
    i = 0
    follow = 0
    expecting_head = True
    after_level = False
    extra = 0
    head_end = 0
    head = ""
    while i < len(words):
        word = words[i]
        if expecting_head:
            det = None
            j = i
            for d in DETERMINERS:
                parts = d.split()
                if [w.low for w in words[j : j + len(parts)]] == parts:
                    det = d
                    j += len(parts)
                    break
            # "phối hợp với tổ chức thực hiện": a head that is also a verb is none.
            generic = partner and det is None and not _is_predicate(words, j, -1)
            n = _match_head(words, j, "" if generic else det)
            if n == 0:
                if seps and seps[-1] == ";":
                    seps.pop()
                    follow = word.start
                    break
                if segments or current:
                    # "…, giúp việc Tỉnh ủy": not a new body, the name goes on.
                    expecting_head = False
                    tail = _described_tail(words, i, segments, seps)
                    if tail:
                        # "Hội đồng bồi thường, hỗ trợ và tái định cư huyện": one
                        # body whose name lists what it does.
                        current = segments.pop() + words[i:tail]
                        seps.pop()
                        i = tail
                    continue
                return None
            current.extend(words[i : j + n])
            i = j + n
            head_end = i
            head = " ".join(w.low for w in words[j:i])
            after_level = head in LEVELS or head in SUBLEVELS
            expecting_head = False
            if head in _JOINT_HEADS:
                # "Liên danh nhà thầu Công ty … - Công ty …": a joint venture is
                # named by the full names of its members.
                extra += _MAX_PHRASE_WORDS
            continue
        if word.low == "và" and _and_inside_name(words, i, current, head):
            current.append(word)  # "Báo và Phát thanh, Truyền hình tỉnh": one body
            i += 1
            continue
        if word.low in (",", "và", "cùng", "hoặc") or (semicolons and word.low == ";"):
            if current:
                segments.append(current)
                seps.append(word.low)
            current = []
            expecting_head = True
            after_level = False
            i += 1
            continue
        if word.low == ":" and _named_list_follows(
            words, i, (segments[-1] if segments and seps[-1] == "," else []) + current
        ):
            # "Các Bộ: Giao thông vận tải, Xây dựng …" names the bodies after a colon.
            current.append(word)
            i += 1
            continue
        if word.low in (";", ":", "\n", ".", "!", "?", "(", ")", "“", "”", '"'):
            follow = word.start if word.low not in (".", ";", ":", "\n") else 0
            break
        if word.low in (",", "và", "cùng", "hoặc"):
            if current:
                segments.append(current)
                seps.append(word.low)
            current = []
            expecting_head = True
            after_level = False
            i += 1
            continue
        if (
            word.low == "trong"
            and i + 1 < len(words)
            and words[i + 1].low in PLACE_AFTER_TRONG
        ):
            current.append(word)
            i += 1
            after_level = False
            continue
        qualifier = _qualifier(words, i)
        if qualifier:
            # "… có dự án giao thông trọng điểm": the kind of what they have follows.
            if tuple(w.low for w in words[i : i + qualifier]) in _HAVING:
                after_level = False
            current.extend(words[i : i + qualifier])
            i += qualifier
            # What the qualifier restricts to ("phụ trách khu vực bỏ phiếu") may run
            # a few words past the usual length of a name.
            extra += qualifier + _QUALIFIER_OBJECT_WORDS
            continue
        level = _level_at(words, i)
        if level and not _capitalised(word.text):
            current.extend(words[i : i + level])
            i += level
            after_level = True
            continue
        if (
            after_level
            and word.low == "phụ"
            and i + 1 < len(words)
            and words[i + 1].low == "trách"
            and head in PERSON_TITLES
        ):
            # "Phó Chủ tịch UBND xã phụ trách văn hóa - xã hội": the post's remit.
            current.extend(words[i : i + 2])
            i += 2
            after_level = False
            continue
        if (
            after_level
            and word.low == "cấp"
            and i + 1 < len(words)
            and words[i + 1].low in NOT_HEAD_AFTER["cấp"]
        ):
            follow = word.start  # "… huyện cấp giấy chứng nhận": the verb "cấp"
            break
        if after_level and not _capitalised(word.text) and word.low not in _AFTER_LEVEL:
            # A level word closes the name ("Trạm Y tế xã", "các thôn"): a lower-case
            # word after it starts the predicate, whatever verb it is.
            follow = word.start
            break
        if _ministry_name_ended(words, i, current, head) or _company_name_ended(
            words, i, current, head
        ):
            follow = word.start  # "Bộ Xây dựng điều hòa vốn": the name has ended
            break
        numbered = _numbering_words(words, i) if current else 0
        if numbered:
            # "Đội Quản lý thị trường số 2", "Ban Chỉ huy khu vực 1, 2, 3".
            current.extend(words[i:numbered])
            i = numbered
            continue
        if head in _PURPOSE_HEADS and not after_level and _is_predicate(words, i, -1):
            tail = _purpose_name_end(words, i)
            if tail:
                # "Ban Chỉ đạo giảm nghèo bền vững tỉnh chủ trì …": the board's name
                # states its purpose in lower-case words, verbs included, up to a level.
                current.extend(words[i:tail])
                i = tail
                after_level = True
                continue
        if (
            word.low == "tại"
            and head in _SEATED_HEADS
            and i + 1 < len(words)
            and _capitalised(words[i + 1].text)
        ):
            # "Đại diện Cảng vụ Hàng hải X tại Y": an office is named by its seat.
            current.append(word)
            i += 1
            continue
        if (
            i == head_end
            and head in TRADE_HEADS
            and " ".join(w.low for w in words[i : i + 2]) in TRADES
        ):
            # "các cơ sở thu mua phế liệu": the trade names the business.
            current.extend(words[i : i + 2])
            i += 2
            continue
        if (
            _is_predicate(words, i, head_end, head)
            or (word.low in STOPPERS and not _compound_with_previous(words, i))
            or (word.low.isdigit() and not _numbered_name(words, i))
        ):
            follow = word.start
            break
        if len(current) >= _MAX_PHRASE_WORDS + extra:
            return None
        current.append(word)
        after_level = after_level and _capitalised(word.text)
        i += 1
    if current:
        segments.append(current)
    elif seps:
        seps.pop()
    if not segments:
        return None
    if (
        not forced
        and not follow
        and not _ends_with_colon(analysis, segments[-1][-1].end, end)
    ):
        return None
    if (
        not forced
        and follow
        and analysis[follow : follow + 16].lower().startswith(_STOPPERS_START)
    ):
        return None
    if cell:
        follow = 0
    merged = _merge(segments, seps)
    # "Đảng ủy, UBND các xã": the bare bodies take the levels of the last one.
    levels = _level_tail(text, merged)
    return [
        (_phrase(text, seg) + (levels if _bare_body(seg) else ""), seg[0].start)
        for seg in merged
    ], follow


def _compound_with_previous(words: list[_Word], i: int) -> bool:
    """Whether ``words[i]`` ends a noun begun by the word before ("Thiết bị")."""
    return bool(i) and (words[i - 1].low, words[i].low) in NAME_COMPOUNDS


_JOINT_HEADS = frozenset({"liên danh"})
# Offices named by the place they sit in ("Chi nhánh … tại Y", "Đại diện … tại Y").
_SEATED_HEADS = frozenset({"đại diện", "chi nhánh"})


def _ministry_name_ended(
    words: list[_Word], i: int, current: list[_Word], head: str
) -> bool:
    """Whether a lower-case word at ``i`` falls outside the name of a Bộ or Sở.

    Their names are capitalised words, each with at most one lower-case syllable
    ("Bộ Xây dựng", "Sở Giáo dục và Đào tạo", "Sở Nội vụ các tỉnh"); a second
    lower-case word after "Xây dựng" is the predicate, whatever verb it is.
    """
    # "Bộ Nông nghiệp và Môi trường": the part after "và" is read on its own.
    after_and = (
        len(current) == 2
        and i - 3 >= 0
        and words[i - 3].low == "và"
        and words[i - 2] is current[0]
    )
    if head not in ("bộ", "sở") or (len(current) < 3 and not after_and):
        return False
    word = words[i]
    # "… Môi trường trong quá trình …": "trong" goes on a name only before a place,
    # which the caller has taken already.
    if (
        _capitalised(word.text)
        or (word.low in _AFTER_LEVEL and word.low != "trong")
        or _level_at(words, i)
    ):
        return False
    last, before = current[-1], current[-2]
    if _capitalised(last.text) or not _capitalised(before.text):
        return False
    if not after_and and (
        before is current[0] or " ".join(w.low for w in current[:-1]) == head
    ):
        return False  # "Bộ Chỉ huy": "huy" right after the head's own word
    nxt = words[i + 1].low if i + 1 < len(words) else ""
    return (word.low, nxt) not in MINISTRY_NAME_TAILS


def _company_name_ended(
    words: list[_Word], i: int, current: list[_Word], head: str
) -> bool:
    """Whether a lower-case word at ``i`` falls outside the name of a company.

    A company's name may hold lower-case words ("Công ty cổ phần Đầu tư hạ tầng Phú
    Lộc") but ends on a proper name of two or more capitalised words; a lower-case word
    after those ("Công ty TNHH Thoát nước Hải Long nạo vét …") is the predicate.
    """
    if head not in COMPANY_HEADS or len(current) < 4:
        return False
    word = words[i]
    if _capitalised(word.text) or word.low in _AFTER_LEVEL or _level_at(words, i):
        return False
    head_words = len(head.split())
    proper = 0
    after = word
    for w in reversed(current[head_words:]):
        # "Than - Khoáng sản": a dash inside the name breaks the proper name.
        if not (_capitalised(w.text) and w.text[1:].islower()) or (
            after.start - w.end > 1
        ):
            break
        proper += 1
        after = w
    return proper >= 2


def _and_inside_name(
    words: list[_Word], i: int, current: list[_Word], head: str
) -> bool:
    """Whether "và" at ``i`` joins two words of one name right after its bare head.

    "Báo và Phát thanh, Truyền hình tỉnh" is one body: the capitalised head "Báo"
    with nothing after it, then a capitalised word that starts no body of its own.
    """
    return (
        bool(current)
        and " ".join(w.low for w in current) == head
        and _capitalised(current[0].text)
        and i + 1 < len(words)
        and _capitalised(words[i + 1].text)
        and _match_head(words, i + 1, None) == 0
    )


# Heads whose names state a purpose in lower-case words ("Ban Chỉ đạo giảm nghèo bền
# vững tỉnh", "Quỹ Bảo trợ trẻ em tỉnh"), so a verb may stand inside the name.
_PURPOSE_HEADS = frozenset(
    {"ban chỉ đạo", "ban quản lý", "hội đồng", "quỹ", "trung tâm", "ban chỉ huy"}
)
_NAME_END_MARKS = frozenset({",", "và", ";", ":", "(", ".", "\n"})


def _purpose_name_end(words: list[_Word], i: int) -> int:
    """Where a purpose name that starts with a verb at ``i`` ends, or 0.

    The name runs over a few lower-case words to a level word ("… tỉnh"), and the
    clause's own predicate (or the end of the list) must follow; otherwise the verb
    at ``i`` is the predicate.
    """
    for j in range(i + 1, min(len(words), i + 7)):
        word = words[j]
        level = _level_at(words, j)
        if level and not _capitalised(word.text):
            k = j + level
            while k < len(words) and _capitalised(words[k].text):
                k += 1  # "… tỉnh Thanh Lâm"
            if k >= len(words):
                return j + level
            if k == j + level and words[k].low in _NAME_END_MARKS:
                return k
            return k if _is_predicate(words, k, -1) else 0
        if (
            _capitalised(word.text)
            or not word.low.isalpha()
            or word.low in ("các", "những")
            or word.low in STOPPERS
        ):
            return 0
    return 0


def _described_tail(
    words: list[_Word], i: int, segments: list[list[_Word]], seps: list[str]
) -> int:
    """Where a name that lists its tasks ends, or 0 when ``words[i]`` starts no such list.

    After a council or board named by lower-case tasks ("Hội đồng bồi thường, hỗ trợ
    và tái định cư huyện"), lower-case words up to "và", one more task and a level word
    still belong to the name.
    """
    if not segments or not seps or seps[-1] != ",":
        return 0
    det, head = _head_of(segments[-1])
    if det is not None or not any(
        head == h or head.startswith(h + " ") for h in NAME_VERB_HEADS
    ):
        return 0
    described = segments[-1][len(head.split()) :]
    if (
        not described
        or _capitalised(described[-1].text)
        or described[-1].low == "ủy"
        or _level_at(described, len(described) - 1)
    ):
        return 0
    seen_and = False
    after_and = 0
    commas = 0
    for j in range(i, min(len(words), i + 9)):
        word = words[j]
        if word.low == "và" and not seen_and:
            seen_and = True
            continue
        scope = j + 1 < len(words) and (word.low, words[j + 1].low) in _NAME_SCOPES
        if (_level_at(words, j) or scope) and not _capitalised(word.text):
            if j == i:
                return 0
            if seen_and:
                return j if after_and else 0
            # "Ban Bồi thường, giải phóng mặt bằng huyện": no "và", no verb first;
            # "Hội đồng bồi thường, hỗ trợ, tái định cư dự án": a list of tasks.
            return 0 if _is_predicate(words, i, -1) and not commas else j
        if word.low in ("các", "những"):
            return 0
        if word.low == "," and not seen_and:
            commas += 1
            continue
        if _capitalised(word.text) or not word.low.isalpha():
            return 0
        if seen_and:
            after_and += 1
    return 0


# What a board named by its tasks serves, ending its name as a level word does:
# "Hội đồng bồi thường, hỗ trợ, tái định cư dự án …".
_NAME_SCOPES = frozenset({("dự", "án"), ("công", "trình")})


# Restrictive qualifiers that belong to the name of a group of bodies: "các cơ quan
# được giao nhiệm vụ tại Mục II", "UBND các xã bị ảnh hưởng", "các đơn vị có liên quan".
_QUALIFIERS = (
    ("được", "giao", "nhiệm", "vụ"),
    ("được", "giao", "chủ", "trì"),
    ("bị", "ảnh", "hưởng"),
    ("chịu", "ảnh", "hưởng"),
    ("có", "liên", "quan"),
    ("được", "phân", "công", "phụ", "trách"),
    # "UBND các địa phương có dự án giao thông …": only those that have one.
    ("có", "dự", "án"),
    ("có", "công", "trình"),
    # "Các chủ rừng là tổ chức, doanh nghiệp": owners of one kind only.
    ("là", "tổ", "chức"),
    ("là", "cá", "nhân"),
    ("là", "doanh", "nghiệp"),
    ("là", "hộ", "gia", "đình"),
)
_HAVING = frozenset({("có", "dự", "án"), ("có", "công", "trình")})
_QUALIFIER_PLACE = re.compile(
    r"(?:tại|theo)\s+(?:mục|phần|điều|khoản|phụ\s+lục)\s+[\w.]+$"
)


_QUALIFIERS_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(q for q in _QUALIFIERS if q[0] == first)
    for first in {q[0] for q in _QUALIFIERS}
}


# "Các doanh nghiệp tham gia Chương trình bình ổn thị trường dự trữ …": only those
# in the programme; "tham gia" is the verb when no other verb follows.
_PROGRAMMES = frozenset({"chương trình", "đề án", "mô hình", "cuộc vận động"})
_JOINED = ("tham", "gia")


def _joined_programme(words: list[_Word], i: int) -> int:
    """How many words "tham gia <Programme name>" takes from ``i`` before a verb."""
    if (
        words[i].low != _JOINED[0]
        or i + 2 >= len(words)
        or words[i + 1].low != _JOINED[1]
    ):
        return 0
    name = words[i + 2]
    if not _capitalised(name.text) or not any(
        " ".join(w.low for w in words[i + 2 : i + 2 + n]) in _PROGRAMMES for n in (2, 3)
    ):
        return 0
    for k in range(i + 4, min(i + 4 + _MAX_PHRASE_WORDS, len(words))):
        if words[k].low in _NAME_END_MARKS:
            return 0
        if _is_predicate(words, k, -1):
            return k - i
    return 0


def _qualifier(words: list[_Word], i: int) -> int:
    """How many words from ``i`` form a qualifier of the phrase (0 for none)."""
    joined = _joined_programme(words, i)
    if joined:
        return joined
    for q in _QUALIFIERS_BY_FIRST.get(words[i].low, ()):
        if tuple(w.low for w in words[i : i + len(q)]) == q:
            n = len(q)
            tail = " ".join(w.low for w in words[i + n : i + n + 3])
            if _QUALIFIER_PLACE.match(tail):
                n += 3
            return n
    return 0


_STOPPERS_START = ("được", "đã ", "đang", "bị ", "là ", "sẽ được", "vẫn", "chưa được")


# Roads are named by a number: it goes on with the name of the body along them.
_ROADS = frozenset(
    {
        ("vành", "đai"),
        ("quốc", "lộ"),
        ("tỉnh", "lộ"),
        ("huyện", "lộ"),
        ("cao", "tốc"),
        ("đường",),
        ("tuyến",),
    }
)


def _numbering_words(words: list[_Word], i: int) -> int:
    """Where "số 2" / "khu vực 1, 2, 3" at ``i`` ends, or 0 when none starts there."""
    if words[i].low == "số":
        k = i + 1
    elif words[i].low == "khu" and i + 1 < len(words) and words[i + 1].low == "vực":
        k = i + 2
    else:
        return 0
    if k >= len(words) or not words[k].low.isdigit():
        return 0
    end = k + 1
    while (
        end + 1 < len(words) and words[end].low == "," and words[end + 1].low.isdigit()
    ):
        end += 2
    return end


def _numbered_name(words: list[_Word], i: int) -> bool:
    """Whether the number at ``i`` belongs to a name ("Ban Chỉ đạo 35 huyện")."""
    before = tuple(w.low for w in words[max(0, i - 2) : i])
    if before[-1:] in _ROADS or before in _ROADS:
        return True  # "UBND các xã dọc Đường vành đai 3", "Quốc lộ 12"
    if i + 1 >= len(words) or not any(
        _capitalised(w.text) for w in words[max(0, i - 2) : i]
    ):
        return False
    nxt = words[i + 1]
    return bool(_level_at(words, i + 1)) or (
        _capitalised(nxt.text) and _match_head(words, i + 1, None) == 0
    )


def _named_list_follows(words: list[_Word], i: int, current: list[_Word]) -> bool:
    if not current:
        return False
    last = current[-1].low
    two = f"{current[-2].low} {last}" if len(current) > 1 else ""
    if (last in LEVELS and _level_at(current, len(current) - 1)) or (
        two in LEVELS and _level_at(current, len(current) - 2) == 2
    ):
        # "UBND các xã: An Hòa, Bình Phú": only a list of place names goes on.
        names = words[i + 1 : i + 6]
        for k, w in enumerate(names):
            if w.low == ",":
                return k > 0 and any(x.low in PLURAL_DETERMINERS for x in current)
            if not _capitalised(w.text):
                return False
        return False
    if last not in ("bộ", "sở", "ban", "ngành", "cục", "tổng cục"):
        return False
    if not any(w.low in PLURAL_DETERMINERS for w in current):
        return False
    return i + 1 < len(words) and _capitalised(words[i + 1].text)


def _ends_with_colon(analysis: str, pos: int, end: int) -> bool:
    return _COLON_NEXT.match(analysis, pos, end + 1) is not None or (
        end < len(analysis) and analysis[end] == ":"
    )


_COLON_NEXT = re.compile(r"\s*:")


def _phrase(text: str, seg: list[_Word]) -> str:
    raw = text[seg[0].start : seg[-1].end]
    return collapse(_strip_parentheses(raw)).strip(" ,;:-")


def _strip_parentheses(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def _head_of(seg: list[_Word]) -> tuple[str | None, str]:
    """The determiner and the head words of a segment (lower-case)."""
    det = None
    j = 0
    for d in DETERMINERS:
        parts = d.split()
        if [w.low for w in seg[: len(parts)]] == parts:
            det = d
            j = len(parts)
            break
    n = _match_head(seg, j, det)
    return det, " ".join(w.low for w in seg[j : j + n])


# Bodies that stand at every level and so share the level named after the last of a
# list: "Đảng ủy, UBND các xã" are the Party committees and the People's Committees
# of the communes.
_LEVELLED_HEADS = frozenset(
    {
        "đảng ủy",
        "ủy ban nhân dân",
        "ubnd",
        "hội đồng nhân dân",
        "hđnd",
        "hdnd",
        "ủy ban mặt trận tổ quốc",
        "ubmttq",
        "mttq",
        "mặt trận tổ quốc",
        "công an",
        "ban chỉ đạo",
        "ban chỉ huy",
        "chính quyền",
    }
)


def _bare_body(seg: list[_Word]) -> bool:
    """Whether a phrase is a levelled body's head alone ("Đảng ủy", "UBND")."""
    return " ".join(w.low for w in seg) in _LEVELLED_HEADS


def _level_tail(text: str, merged: list[list[_Word]]) -> str:
    """The levels the last of several bodies is named at (" các xã, phường"), which the
    bare bodies before it share; "" when the list is not of that shape.

    Only the levels are carried: a qualifier after them ("các xã biên giới") stays
    with the last body.
    """
    if len(merged) < 2 or not all(_bare_body(seg) for seg in merged[:-1]):
        return ""
    last = merged[-1]
    det, head = _head_of(last)
    if det is not None or head not in _LEVELLED_HEADS | {"ủy ban"}:
        return ""
    k = len(head.split())
    while k < len(last) and _capitalised(last[k].text):
        k += 1  # "Ủy ban MTTQ xã": the body's own name before its level
    if k >= len(last):
        return ""
    end = 0
    j = k + 1 if last[k].low in PLURAL_DETERMINERS else k
    while j < len(last):
        n = _level_at(last, j)
        if not n or _capitalised(last[j].text):
            break
        j += n
        end = j
    if end and all(_capitalised(w.text) for w in last[end:]):
        # "UBND các xã Hải An, Hải Bình", "UBND xã Tân Lập": the units' names too.
        end = len(last)
    if not end:
        return ""
    return " " + collapse(text[last[k].start : last[end - 1].end])


def _merge(segments: list[list[_Word]], seps: list[str]) -> list[list[_Word]]:
    merged = [list(segments[0])]
    first_det, first_head = _head_of(segments[0])
    person = first_head == "đồng chí" and first_det is None
    # In a heading written in capitals the case of a word tells nothing.
    shouting = all(
        not w.text.isalpha() or w.text.isupper() for seg in segments for w in seg
    )
    for seg, sep in zip(segments[1:], seps, strict=False):
        det, head = _head_of(seg)
        prev = merged[-1]
        prev_plural = any(w.low in PLURAL_DETERMINERS for w in prev)
        lower_head = shouting or not _capitalised(seg[0].text)
        joined = False
        if not head:
            joined = True  # "Phát triển nông thôn" after "Sở Nông nghiệp và"
        elif (
            any(w.low == ":" for w in prev)
            and det is None
            and head not in PERSON_TITLES
            and _capitalised(seg[0].text)
        ):
            joined = True  # "Bộ trưởng các Bộ: Quốc phòng, Công an, Y tế": names
        elif head in LEVELS and det is None and lower_head:
            joined = True  # "UBND các huyện, thị xã, thành phố"
        elif (
            sep == ","
            and det is None
            and lower_head
            and head in GENERIC_HEADS
            and prev_plural
        ):
            joined = True  # "các sở, ban, ngành"
        elif (
            sep == ","
            and det is None
            and lower_head
            and head in GENERIC_HEADS
            and _generic_tail(prev)
        ):
            joined = True  # "chi bộ cơ quan, đơn vị trực thuộc"
        elif (
            sep == ","
            and det is None
            and lower_head
            and (_titled(merged[0]) or _titled(prev))
        ):
            joined = True  # "Người đứng đầu cấp ủy, chính quyền các cấp"
        elif (
            sep in (",", "và")
            and det is None
            and head in PEOPLE_HEADS
            and _head_of(prev)[1] in PEOPLE_HEADS
        ):
            joined = True  # "Cán bộ, đảng viên, công chức, viên chức": one owner
        elif sep == "," and _bare_title(prev) and head in PERSON_TITLES:
            joined = True  # "Bộ trưởng, Thủ trưởng các bộ": one object, two titles
        elif person and sep == "," and (head in PERSON_TITLES or _all_capitalised(seg)):
            joined = True  # "Đồng chí Phó Bí thư Đảng ủy, Chủ tịch UBND xã"
        elif sep == "và" and det is None and head in _SERVED and _office_of(prev):
            joined = True  # "Văn phòng HĐND và UBND huyện": one office of two bodies
        if joined:
            prev.extend(seg)
        else:
            merged.append(list(seg))
    return merged


def _generic_tail(seg: list[_Word]) -> bool:
    """Whether a phrase ends in a lower-case kind of body after its own head.

    "chi bộ cơ quan": the list goes on inside the modifier ("…, đơn vị trực thuộc").
    """
    det, head = _head_of(seg)
    skip = len(head.split()) + (len(det.split()) if det else 0)
    rest = seg[skip:]
    if not rest or _capitalised(rest[-1].text):
        return False
    for n in (2, 1):
        tail = " ".join(w.low for w in rest[-n:])
        if len(rest) >= n and tail in GENERIC_HEADS and tail != head:
            return True
    return False


_SERVED = frozenset(
    {"ubnd", "ủy ban nhân dân", "hđnd", "hdnd", "hội đồng nhân dân", "ủy ban", "đoàn"}
)


def _office_of(seg: list[_Word]) -> bool:
    """ "Văn phòng HĐND": an office named after the body it serves, and nothing more."""
    det, head = _head_of(seg)
    if det is not None or head not in ("văn phòng", "vp"):
        return False
    rest = seg[len(head.split()) :]
    return 1 <= len(rest) <= 5 and (
        _head_of(rest)[1] in _SERVED or rest[0].low in _SERVED
    )


_TITLES_OVER_BODIES = frozenset(
    {"người đứng đầu", "thủ trưởng", "lãnh đạo", "giám đốc", "chủ tịch", "trưởng"}
)


def _titled(seg: list[_Word]) -> bool:
    """Whether a phrase opens with a person's title that governs a list of bodies."""
    det, head = _head_of(seg)
    return det is None and head in _TITLES_OVER_BODIES


def _bare_title(seg: list[_Word]) -> bool:
    """Whether a phrase is a person's title alone, its object named after the next."""
    return " ".join(w.low for w in seg) in PERSON_TITLES


def _all_capitalised(seg: list[_Word]) -> bool:
    return all(_capitalised(w.text) for w in seg)


def _dedupe(owners: list[FoundOwner], *, support_wins: bool) -> list[FoundOwner]:
    best: dict[str, FoundOwner] = {}
    for owner in owners:
        key = _key(owner.text)
        if not key:
            continue
        seen = best.get(key)
        if seen is None:
            best[key] = owner
        elif seen.role != owner.role:
            keep_role = "support" if support_wins else "lead"
            best[key] = FoundOwner(seen.text, keep_role, min(seen.start, owner.start))
    ordered = sorted(best.values(), key=lambda o: (o.role != "lead", o.start))
    return ordered


def _key(text: str) -> str:
    low = fold(text).lower()
    low = re.sub(r"^(?:các\s+|những\s+)", "", low)
    return collapse(low)
