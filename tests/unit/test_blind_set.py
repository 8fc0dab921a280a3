"""The blind notice set in ``tests/data/blind`` is well-formed.

The set measures the reader on notices written without reading it, so this test never
scores the reader: it only checks that every gold file can be read by the scorer (the
shape, the vocabularies, real dates) and that it belongs to a notice that exists and
says what the gold quotes.
"""

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

BLIND = Path(__file__).resolve().parents[1] / "data" / "blind"
GOLDS = sorted(BLIND.glob("*.json")) if BLIND.is_dir() else []
KINDS = {
    "THÔNG BÁO",
    "KẾT LUẬN",
    "CHỈ THỊ",
    "CÔNG VĂN",
    "CÔNG ĐIỆN",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
}
ROLES = {"lead", "support"}
RECURRENCES = {None, "ongoing", "weekly", "monthly", "quarterly", "yearly", "periodic"}
NOTICE_FIELDS = {"number", "kind", "issued_on", "place", "issuer", "signer"}

pytestmark = pytest.mark.skipif(not GOLDS, reason="the blind set is not present")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _load(path: Path) -> dict[str, Any]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(gold, dict), f"{path.name}: not a JSON object"
    return gold


def test_every_blind_notice_has_a_gold_and_every_gold_a_notice() -> None:
    """Each NNN.txt has NNN.json beside it, and each gold names a notice that exists."""
    notices = {p.stem for p in BLIND.glob("*.txt")}
    golds = {p.stem for p in GOLDS}
    assert notices == golds
    assert len(golds) >= 20
    for path in GOLDS:
        gold = _load(path)
        assert gold["file"] == f"{path.stem}.txt", path.name
        assert (BLIND / gold["file"]).is_file(), path.name


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_blind_gold_has_the_scorer_shape(path: Path) -> None:
    """Header fields, refs, owners, roles, dates and recurrence use the annotation vocabulary."""
    gold = _load(path)
    notice = gold["notice"]
    assert set(notice) <= NOTICE_FIELDS, (
        f"unknown header fields {set(notice) - NOTICE_FIELDS}"
    )
    assert all(isinstance(v, str) and v.strip() for v in notice.values()), (
        "empty header field"
    )
    assert notice["kind"] in KINDS
    if "issued_on" in notice:
        date.fromisoformat(notice["issued_on"])
    assert isinstance(gold.get("notes"), str)
    assert gold["notes"].strip()

    directives = gold["directives"]
    assert directives, "a gold with no directive"
    refs = [d["ref"] for d in directives]
    assert len(refs) == len(set(refs)), "duplicate refs"
    for d in directives:
        assert set(d) == {
            "ref",
            "owners",
            "deadlines",
            "recurrence",
            "implied_owner",
        }, d["ref"]
        assert isinstance(d["ref"], str)
        assert d["ref"].strip()
        assert d["owners"], f"{d['ref']}: no owner"
        for owner in d["owners"]:
            assert set(owner) == {"text", "role"}
            assert owner["role"] in ROLES
            assert owner["text"]
            assert owner["text"].strip() == owner["text"]
        assert any(o["role"] == "lead" for o in d["owners"]), f"{d['ref']}: no lead"
        for deadline in d["deadlines"]:
            assert set(deadline) == {"text", "due"}
            date.fromisoformat(deadline["due"])
        assert d["recurrence"] in RECURRENCES
        assert isinstance(d["implied_owner"], bool)


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_blind_gold_quotes_its_notice(path: Path) -> None:
    """Owner and deadline phrases are quoted as written (line breaks collapsed to spaces)."""
    gold = _load(path)
    text = _flat((BLIND / gold["file"]).read_text(encoding="utf-8"))
    for d in gold["directives"]:
        for owner in d["owners"]:
            assert owner["text"] in text, (
                f"{d['ref']}: owner {owner['text']!r} not in the notice"
            )
        for deadline in d["deadlines"]:
            assert deadline["text"] in text, (
                f"{d['ref']}: {deadline['text']!r} not in the notice"
            )
