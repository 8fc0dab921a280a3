"""Owner phrases as written in a notice → organisation codes of the registry.

A notice names the same body in many ways: "Ban Tuyên giáo Huyện ủy", "BTG Huyện ủy",
"Ban Tuyên giáo HU", "các đồng chí Ban Tuyên giáo", "Uỷ ban nhân dân" or "Ủy ban nhân
dân", and OCR or a hurried typist drops diacritics ("HDND"). :class:`OrgDirectory`
tries ever looser comparisons and stops at the first that finds something:

1. the name or an alias exactly as written;
2. normalised: Unicode NFC, case, punctuation, spacing, leading "các", "đồng chí",
   "đ/c", and the old and new places of the tone mark ("Uỷ"/"Ủy", "hoà"/"hòa");
3. normalised, with the standard abbreviations spelt out on both sides (BTG, UBND,
   HĐND…, also run together as in "VPHU");
4. without diacritics (and "đ" read as "d");
5. without diacritics, abbreviations spelt out.

A step that finds two different bodies answers None: guessing an owner would send
work to the wrong office, while None leaves it for a manager to assign.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol

from domain.notice_warnings import ReaderWarning, unknown_owner
from domain.notices import OwnerMention, ParsedNotice
from domain.registry import OrgEntry


class OwnerResolver(Protocol):
    """Anything that turns an owner phrase into a registry code."""

    def resolve(self, phrase: str) -> str | None:
        """The code ``phrase`` names, or None when unknown or ambiguous."""
        ...


# Spelt out in full; the keys are compared without diacritics and case.
ABBREVIATIONS: dict[str, str] = {
    "BTG": "Ban Tuyên giáo",
    "BDV": "Ban Dân vận",
    "BTGDV": "Ban Tuyên giáo và Dân vận",
    "UBKT": "Ủy ban Kiểm tra",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQ": "Mặt trận Tổ quốc",
    "DLXH": "dư luận xã hội",
    "CTV": "cộng tác viên",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "VP": "Văn phòng",
    "HU": "Huyện ủy",
    "TU": "Tỉnh ủy",
    "ĐU": "Đảng ủy",
}
# Two-letter abbreviations that are also syllables ("Du lịch", "tu bổ"): spelt out
# only when written in capitals inside text that is not all capitals.
_SYLLABLE_LIKE = frozenset({"hu", "tu", "du"})
_LEADING_WORDS = ("các", "đồng chí", "đ/c", "đc")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Stands for a tone mark moved to the end of its word: not a letter, never typed.
_TONE_TAGS = {"\u0300": "¹", "\u0301": "²", "\u0303": "³", "\u0309": "⁴", "\u0323": "⁵"}


class OrgDirectory:
    """The bodies of a registry, looked up by the phrases notices use for them."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """Index ``(code, name)`` pairs; prefer :meth:`from_entries`."""
        pairs = tuple(names)
        self._levels: list[tuple[Callable[[str], str], dict[str, frozenset[str]]]] = []
        for key in _KEYS:
            index: dict[str, set[str]] = {}
            for code, text in pairs:
                index.setdefault(key(text), set()).add(code)
            self._levels.append(
                (key, {k: frozenset(codes) for k, codes in index.items() if k})
            )

    @classmethod
    def from_entries(
        cls, entries: Sequence[OrgEntry], *, on: date | None = None
    ) -> "OrgDirectory":
        """A directory of the registry's names and aliases.

        Args:
            entries: the registry.
            on: when given, only the bodies in force on that date.

        Returns:
            The directory.
        """
        return cls(
            (entry.code, text)
            for entry in entries
            if on is None or entry.in_force(on)
            for text in (entry.name, *entry.aliases)
        )

    def resolve(self, phrase: str) -> str | None:
        """The registry code ``phrase`` names.

        Args:
            phrase: an owner phrase as written in a notice.

        Returns:
            The code, or None when nothing matches or the first comparison that
            matches finds more than one body.
        """
        for key, index in self._levels:
            codes = index.get(key(phrase))
            if codes:
                return next(iter(codes)) if len(codes) == 1 else None
        return None

    def candidates(self, phrase: str) -> frozenset[str]:
        """Every code the first matching comparison finds (for "did you mean")."""
        for key, index in self._levels:
            codes = index.get(key(phrase))
            if codes:
                return codes
        return frozenset()


def _exact(text: str) -> str:
    return text.strip()


def _normalised(text: str) -> str:
    return " ".join(_normal_word(word) for word in _raw_words(text))


def _folded(text: str) -> str:
    return " ".join(_fold(word) for word in _raw_words(text))


def _expanded_normalised(text: str) -> str:
    return _expanded(text, _normal_word)


def _expanded_folded(text: str) -> str:
    return _expanded(text, _fold)


def _expanded(text: str, spell: Callable[[str], str]) -> str:
    """``text`` with abbreviations spelt out, every word passed through ``spell``."""
    raw = _raw_words(text)
    all_capitals = len(raw) > 1 and all(word.upper() == word for word in raw)
    words: list[str] = []
    for position, word in enumerate(raw):
        long = _abbreviation(word, last=position == len(raw) - 1, heading=all_capitals)
        words.append(" ".join(spell(w) for w in long.split()) if long else spell(word))
    return " ".join(words)


def _abbreviation(word: str, *, last: bool, heading: bool) -> str | None:
    """What ``word`` abbreviates, or None when it is not an abbreviation.

    Args:
        word: one word as written.
        last: whether it ends the phrase.
        heading: whether the whole phrase is written in capitals.
    """
    folded = _fold(word)
    capitals = word.upper() == word
    if folded in _SYLLABLE_LIKE:
        # "Du lịch", "TU BỔ" are words. HU, TU, ĐU end an owner's name ("BTG HU"),
        # so in a phrase all in capitals only the last word is read as one.
        if not capitals:
            return None
        if heading and not last and not word.startswith("Đ"):
            return None
        return ABBREVIATIONS_BY_KEY[folded]
    if folded in ABBREVIATIONS_BY_KEY:
        return ABBREVIATIONS_BY_KEY[folded]
    if capitals and len(folded) >= 4:
        return _split_abbreviations(folded)
    return None


def _split_abbreviations(token: str) -> str | None:
    """Spell out run-together abbreviations ("VPHU", "BTVHU"), or None if not that."""
    if not token:
        return ""
    # Longest first, so "BTGDV" is not read as "BTG" + "DV".
    for length in range(min(len(token), _LONGEST_ABBREVIATION), 1, -1):
        full = ABBREVIATIONS_BY_KEY.get(token[:length])
        if full is None:
            continue
        rest = _split_abbreviations(token[length:])
        if rest is not None:
            return f"{full} {rest}".strip()
    return None


def _raw_words(text: str) -> list[str]:
    """The words of ``text`` in NFC, without punctuation or a leading "các", "đ/c"."""
    text = unicodedata.normalize("NFC", text).strip()
    stripped = True
    while stripped:
        stripped = False
        lowered = text.casefold()
        for lead in _LEADING_WORDS:
            if lowered.startswith(lead) and (
                len(text) == len(lead) or not text[len(lead)].isalnum()
            ):
                text = text[len(lead) :].lstrip(" .:,")
                stripped = True
                break
    cleaned = "".join(
        " " if unicodedata.category(char)[0] in "PSZC" else char for char in text
    )
    return cleaned.split()


def _normal_word(word: str) -> str:
    """``word`` in lower case with its tone mark moved to the end ("uỷ" = "ủy")."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [char for char in decomposed if char in _TONE_MARKS]
    base = "".join(char for char in decomposed if char not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base) + "".join(_TONE_TAGS[t] for t in tones)


def _fold(word: str) -> str:
    """``word`` in lower case without any diacritic, "đ" as "d"."""
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Keyed without diacritics, so "HDND" typed without the stroke is "HĐND".
ABBREVIATIONS_BY_KEY = {_fold(short): long for short, long in ABBREVIATIONS.items()}
_LONGEST_ABBREVIATION = max(len(key) for key in ABBREVIATIONS_BY_KEY)
# From the strictest comparison to the loosest.
_KEYS = (_exact, _normalised, _expanded_normalised, _folded, _expanded_folded)


def resolve_owners(parsed: ParsedNotice, resolver: OwnerResolver) -> ParsedNotice:
    """The notice with every owner phrase resolved to a registry code.

    Reading a notice and resolving its owners are separate steps, so a notice is read
    once and resolved against the registry in force on its date. The result is the one
    reading with the resolver would give: each unresolved owner adds a warning, after
    the reader's own warnings, in item order.
    """
    directives = []
    unresolved: list[ReaderWarning] = []
    for item in parsed.directives:
        owners = []
        for owner in item.owners:
            code = resolver.resolve(owner.text)
            if code is None:
                unresolved.append(unknown_owner(item.ref, item.text, owner.text))
            owners.append(OwnerMention(owner.text, owner.role, owner.implied, code))
        directives.append(replace(item, owners=tuple(owners)))
    return replace(
        parsed,
        directives=tuple(directives),
        warnings=parsed.warnings + tuple(unresolved),
    )
