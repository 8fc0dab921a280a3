"""The one scorer of the reader against hand-made gold annotations.

A gold file (``NAME.json`` beside ``NAME.txt``) gives the header and the directives
of a notice; the reader's output is the JSON of ``directives parse --json``. Refs are
compared by their numbers ("II.3" = "II-3" = "2.3"), owners by their text with case,
punctuation and openers ("các", "giao" …) set aside, due dates as sets. The figures:
F1 of directives, owners and due dates; accuracy of header fields and recurrence; the
share of notices read with every directive, owner and due date right.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

# The bars every annotated set must clear.
BARS = {
    "directive_f1": 0.95,
    "owner_f1": 0.90,
    "due_f1": 0.90,
    "recurrence_acc": 0.90,
    "header_acc": 0.95,
}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
_PUNCT = re.compile(r"[\"“”'‘’(),;:.!?*]")
_OPENERS = (
    "các đồng chí ",
    "đồng chí ",
    "đ/c ",
    "yêu cầu ",
    "giao ",
    "đề nghị ",
    "các ",
)


def text_key(text: str) -> str:
    """Owner or header text folded for comparison: case, punctuation, openers."""
    low = unicodedata.normalize("NFC", text or "").casefold()
    low = " ".join(_PUNCT.sub(" ", low).split())
    stripped = True
    while stripped:
        stripped = False
        for opener in _OPENERS:
            if low.startswith(opener):
                low, stripped = low[len(opener) :], True
    return low


def ref_key(ref: str) -> str:
    """'II.3', 'II-3', 'ii 3' → '2.3'; '-1' → '1'; '1.1.a' stays."""
    parts = [p for p in re.split(r"[.\s/\-)]+", str(ref).strip().casefold()) if p]
    return ".".join(
        str(_ROMAN[p]) if p in _ROMAN and len(parts) > 1 else p for p in parts
    )


def same_owner(gold: str, got: str) -> bool:
    """Whether two owner phrases name the same body, loosely but not blindly."""
    a, b = text_key(gold), text_key(got)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=lambda s: len(s.split()))
    if len(short.split()) >= 2 and short in long_ and 2 * len(short) >= len(long_):
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) >= 0.75 * len(wa | wb)


@dataclass
class Score:
    """Counts over one or more notices, and what was missed, for the failure message."""

    prf: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0, 0] for k in ("directive", "owner", "due")}
    )
    acc: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0] for k in ("recurrence", "header", "perfect")}
    )
    misses: list[str] = field(default_factory=list)

    def f1(self, key: str) -> float:
        tp, fp, fn = self.prf[key]
        return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0

    def ratio(self, key: str) -> float:
        right, total = self.acc[key]
        return right / total if total else 1.0

    def figures(self) -> dict[str, float]:
        return {
            "directive_f1": self.f1("directive"),
            "owner_f1": self.f1("owner"),
            "due_f1": self.f1("due"),
            "recurrence_acc": self.ratio("recurrence"),
            "header_acc": self.ratio("header"),
            "perfect_share": self.ratio("perfect"),
        }

    def below(self, bars: dict[str, float] = BARS) -> dict[str, float]:
        """The figures under their bar, rounded."""
        figures = self.figures()
        return {k: round(figures[k], 3) for k, bar in bars.items() if figures[k] < bar}

    def add(self, name: str, gold: Json, got: Json) -> None:
        """Score the reader's JSON ``got`` for one notice against its ``gold``."""
        before = len(self.misses), [list(v) for v in self.prf.values()]
        self._header(name, gold, got)
        wanted = {ref_key(d["ref"]): d for d in gold["directives"]}
        found: Json = {}
        for directive in got["directives"]:
            found.setdefault(ref_key(directive["ref"]), directive)
        both = wanted.keys() & found.keys()
        self.prf["directive"][0] += len(both)
        self.prf["directive"][1] += len(found.keys() - both)
        self.prf["directive"][2] += len(wanted.keys() - both)
        self.misses.extend(f"{name} {r}: not in gold" for r in found.keys() - both)
        self.misses.extend(f"{name} {r}: missed" for r in wanted.keys() - both)
        for ref in sorted(both):
            self._directive(name, wanted[ref], found[ref])
        errors = [
            now[1] + now[2] - then[1] - then[2]
            for now, then in zip(self.prf.values(), before[1], strict=True)
        ]
        self.acc["perfect"][0] += not any(errors)
        self.acc["perfect"][1] += 1

    def _header(self, name: str, gold: Json, got: Json) -> None:
        for key in ("number", "issued_on", "kind", "signer"):
            if key not in gold["notice"]:
                continue
            value = got["notice"].get(key) or ""
            ok = text_key(str(gold["notice"][key])) == text_key(str(value))
            self.acc["header"][0] += ok
            self.acc["header"][1] += 1
            if not ok:
                self.misses.append(f"{name} header {key}: {value!r}")

    def _directive(self, name: str, gold: Json, got: Json) -> None:
        ref = gold["ref"]
        unused = [o["text"] for o in got["owners"]]
        for owner in gold["owners"]:
            hit = next((t for t in unused if same_owner(owner["text"], t)), None)
            if hit is None:
                self.prf["owner"][2] += 1
                self.misses.append(f"{name} {ref} owner missed: {owner['text']}")
            else:
                unused.remove(hit)
                self.prf["owner"][0] += 1
        self.prf["owner"][1] += len(unused)
        self.misses.extend(f"{name} {ref} owner extra: {t}" for t in unused)
        want = {d["due"] for d in gold["deadlines"] if d.get("due")}
        have = {d["due"] for d in got["deadlines"] if d.get("due")}
        self.prf["due"][0] += len(want & have)
        self.prf["due"][1] += len(have - want)
        self.prf["due"][2] += len(want - have)
        if want != have:
            self.misses.append(
                f"{name} {ref} due: want {sorted(want)} got {sorted(have)}"
            )
        ok = (gold.get("recurrence") or None) == (got.get("recurrence") or None)
        self.acc["recurrence"][0] += ok
        self.acc["recurrence"][1] += 1
        if not ok:
            self.misses.append(f"{name} {ref} recurrence: {got.get('recurrence')}")
