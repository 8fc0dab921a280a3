"""The blind notice sets in ``tests/data/blind`` … ``blind9`` are well-formed.

Each set measures the reader on notices written by someone who had not read it, so this
test never scores the reader: it only checks that every gold file can be read by the
scorer (the shape, the vocabularies, real dates) and that it belongs to a notice that
exists and says what the gold quotes.
"""

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = (
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
)
GOLDS = [
    path
    for name in SETS
    if (DATA / name).is_dir()
    for path in sorted((DATA / name).glob("*.json"))
]
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


def _gold_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _load(path: Path) -> dict[str, Any]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(gold, dict), f"{path.name}: not a JSON object"
    return gold


@pytest.mark.parametrize("name", SETS)
def test_every_blind_notice_has_a_gold_and_every_gold_a_notice(name: str) -> None:
    """Each NNN.txt has NNN.json beside it, each gold names a notice that exists, and a
    set holds at least 20 notices."""
    folder = DATA / name
    if not folder.is_dir():
        pytest.skip(f"the blind set {name} is not present")
    golds = sorted(folder.glob("*.json"))
    assert {p.stem for p in folder.glob("*.txt")} == {p.stem for p in golds}
    assert len(golds) >= 20
    for path in golds:
        gold = _load(path)
        assert gold["file"] == f"{path.stem}.txt", path.name
        assert (folder / gold["file"]).is_file(), path.name


@pytest.mark.parametrize("path", GOLDS, ids=_gold_id)
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


@pytest.mark.parametrize("path", GOLDS, ids=_gold_id)
def test_blind_gold_quotes_its_notice(path: Path) -> None:
    """Owner and deadline phrases are quoted as written (line breaks collapsed to spaces)."""
    gold = _load(path)
    text = _flat((path.parent / gold["file"]).read_text(encoding="utf-8"))
    for d in gold["directives"]:
        for owner in d["owners"]:
            assert owner["text"] in text, (
                f"{d['ref']}: owner {owner['text']!r} not in the notice"
            )
        for deadline in d["deadlines"]:
            assert deadline["text"] in text, (
                f"{d['ref']}: {deadline['text']!r} not in the notice"
            )
