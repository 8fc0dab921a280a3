"""The held-out notices in ``tests/data/notices`` scored against their gold.

Each ``NAME.txt`` there is an invented notice of a form the reader must generalise to
(task tables, Điều/khoản/điểm, ordinal words, inline "(1)", "1.1", Roman "II-",
công điện, OCR noise …) and ``NAME.json`` its hand-made gold, scored by the one scorer
of ``tests/notice_scoring.py``; the figures must clear the same bars as unseen notices.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from app.calendars import build_calendar
from domain.notices import ParsedNotice, parse_notice
from tests.notice_scoring import Score, ref_key, same_owner

DATA = Path(__file__).resolve().parents[1] / "data" / "notices"
GOLDS = sorted(DATA.glob("*.json"))
CALENDAR = build_calendar(range(2022, 2028))


def _read(gold: dict[str, Any]) -> ParsedNotice:
    text = (DATA / gold["file"]).read_text(encoding="utf-8").lstrip("\ufeff")
    return parse_notice(text, calendar=CALENDAR, source=gold["file"])


def test_the_held_out_set_is_there_and_well_formed():
    assert len(GOLDS) >= 12
    for path in GOLDS:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert (DATA / gold["file"]).exists(), gold["file"]
        assert set(gold["notice"]) >= {"number", "kind", "issued_on", "signer"}
        for directive in gold["directives"]:
            assert {"ref", "owners", "deadlines", "recurrence", "implied_owner"} <= set(
                directive
            )
            assert all(o["role"] in ("lead", "support") for o in directive["owners"])


def test_the_held_out_set_clears_the_bars():
    score = Score()
    for path in GOLDS:
        gold = json.loads(path.read_text(encoding="utf-8"))
        score.add(path.stem, gold, _read(gold).to_dict())
    short = score.below()
    assert not short, f"{short}; misses: {score.misses}"


@pytest.mark.parametrize(
    ("ref", "key"), [("II.3", "2.3"), ("II-3", "2.3"), ("-2", "2"), ("1.1.a", "1.1.a")]
)
def test_refs_are_compared_by_their_numbers(ref: str, key: str):
    assert ref_key(ref) == key


def test_owner_texts_are_compared_loosely_but_not_blindly():
    assert same_owner("Đảng đoàn HDND tỉnh", "đảng đoàn hdnd tỉnh")
    assert same_owner("UBND các xã, phường bị ảnh hưởng", "UBND các xã, phường")
    assert not same_owner("Sở Tài chính", "Sở Xây dựng")


def test_a_notice_read_with_one_owner_wrong_is_not_perfect():
    gold = {
        "notice": {"number": "1-TB/HU"},
        "directives": [
            {
                "ref": "1",
                "owners": [{"text": "Sở Tài chính", "role": "lead"}],
                "deadlines": [{"text": "trong tháng 10/2025", "due": "2025-10-31"}],
                "recurrence": None,
            }
        ],
    }
    got = {
        "notice": {"number": "1-TB/HU"},
        "directives": [
            {
                "ref": "1",
                "owners": [{"text": "Sở Xây dựng", "role": "lead"}],
                "deadlines": [{"text": "trong tháng 10/2025", "due": "2025-10-31"}],
                "recurrence": None,
            }
        ],
    }
    score = Score()
    score.add("a", gold, gold)
    score.add("b", gold, got)
    figures = score.figures()
    assert figures["perfect_share"] == 0.5
    assert figures["owner_f1"] == 0.5
    assert figures["due_f1"] == 1.0
