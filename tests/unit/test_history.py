"""An assignment's history reads as sentences for a person: every fact under a label in
the reader's language, dates dd/mm/yyyy, bodies by name; never a payload key, an id,
an ISO date or "None"."""

import re
from datetime import date

import pytest

from domain import assignment as rules
from domain.assignment import AssignmentState, AssignmentStatus
from domain.history import KNOWN_KEYS, describe_event

NAMES = {"btg-huyen-uy": "Ban Tuyên giáo Huyện ủy", "ubnd-huyen": "UBND huyện"}
OPEN = AssignmentState(
    id=7,
    status=AssignmentStatus.OPEN,
    owner="btg-huyen-uy",
    due_on=date(2023, 12, 31),
    original_due_on=date(2023, 12, 31),
    occurrence="2023-12-31",
)
REPORTED = AssignmentState(
    id=7,
    status=AssignmentStatus.REPORTED,
    owner="btg-huyen-uy",
    due_on=date(2023, 12, 31),
    original_due_on=date(2023, 12, 31),
    occurrence="2023-12-31",
    completed_on=date(2023, 12, 20),
)
WAITING = AssignmentState(
    id=7,
    status=AssignmentStatus.NEEDS_OWNER,
    owner=None,
    due_on=None,
    original_due_on=None,
    occurrence="",
)


def _changes() -> list[rules.EventIntent]:
    """Every change the rules make, with the payloads they write."""
    day = date(2024, 1, 5)
    made = [
        rules.report_done(
            OPEN, note="Đã xong", today=day, evidence="bc.pdf", document="45-BC"
        ),
        rules.accept(REPORTED, today=day, note="Đạt"),
        rules.return_report(REPORTED, reason="Thiếu số liệu", today=day),
        rules.extend(
            OPEN,
            to=date(2024, 3, 31),
            reason="Chờ số liệu",
            approved_by="ubnd-huyen",
            document="12/CV",
        ),
        rules.add_progress(OPEN, note="Đã họp"),
        rules.reassign(OPEN, owner="ubnd-huyen"),
        rules.reassign(WAITING, owner="ubnd-huyen"),
        rules.cancel(OPEN, reason="Không còn phù hợp"),
        rules.drop(OPEN),
        rules.amend_deadline(OPEN, due_on=date(2024, 2, 29)),
    ]
    return [event for change in made if change for event in change.events]


EVENTS = [(e.kind, e.payload) for e in _changes()] + [
    ("created", {"owner_text": "Ban Tuyên giáo", "role": "lead"}),
    ("created", {"occurrence": "2024-Q1", "parent": 12}),
    ("due_corrected", {"from": "2023-12-31", "to": "2024-01-15", "on": "2024-01-02"}),
    (
        "review",
        {"reason": "ceased", "reason_vi": "hết hiệu lực", "owner": "btg-huyen-uy"},
    ),
    (
        "overdue",
        {
            "step": "overdue",
            "occurrence": "2023-12-31",
            "reason": "due",
            "reason_vi": "hạn",
        },
    ),
    (
        "step_skipped",
        {
            "step": "reminder",
            "occurrence": "2023-12-31~2023-10-31",
            "reason": "superseded",
            "reason_vi": "không gửi",
        },
    ),
]
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_every_fact_the_rules_write_has_a_label_or_is_deliberately_unshown():
    for kind, payload in EVENTS:
        assert set(payload) <= KNOWN_KEYS, (kind, set(payload) - KNOWN_KEYS)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("kind", "payload"), EVENTS, ids=lambda v: str(v)[:30])
def test_no_key_id_iso_date_or_none_is_shown(kind, payload, lang):
    view = describe_event(kind, "sweep", payload, lang=lang, org_names=NAMES)
    shown = " ".join([view.what, view.who] + [f"{k}: {v}" for k, v in view.details])
    for key in payload:
        if "_" in key:
            assert key not in shown, (key, shown)
    assert not ISO.search(shown), shown
    assert "None" not in shown
    assert "btg-huyen-uy" not in shown
    assert "ubnd-huyen" not in shown
    assert "12" not in shown.replace("12/", "")  # the parent's id
    assert "sweep" not in shown


def test_an_extension_reads_with_its_labels_in_vietnamese_and_english():
    [event] = rules.extend(
        OPEN,
        to=date(2024, 3, 31),
        reason="Chờ số liệu",
        approved_by="ubnd-huyen",
        document="12/CV",
    ).events
    vi = describe_event(event.kind, "a@x.vn", event.payload, lang="vi", org_names=NAMES)
    en = describe_event(event.kind, "a@x.vn", event.payload, lang="en", org_names=NAMES)
    assert vi.what == "gia hạn"
    assert dict(vi.details) == {
        "hạn cũ": "31/12/2023",
        "hạn mới": "31/03/2024",
        "hạn ban đầu": "31/12/2023",
        "văn bản": "12/CV",
        "người cho phép": "UBND huyện",
        "lý do": "Chờ số liệu",
    }
    assert dict(en.details)["new due date"] == "31/03/2024"
    assert dict(en.details)["reason"] == "Chờ số liệu"
    assert en.who == vi.who == "a@x.vn"


def test_a_handover_names_the_bodies_and_a_first_owner_reads_as_none_yet():
    [first] = rules.reassign(WAITING, owner="ubnd-huyen").events
    [other] = rules.reassign(OPEN, owner="ubnd-huyen").events
    first_vi = describe_event(
        first.kind, "a", first.payload, lang="vi", org_names=NAMES
    )
    other_vi = describe_event(
        other.kind, "a", other.payload, lang="vi", org_names=NAMES
    )
    assert dict(first_vi.details) == {
        "đơn vị trước": "chưa có đơn vị",
        "đơn vị mới": "UBND huyện",
    }
    assert dict(other_vi.details)["đơn vị trước"] == "Ban Tuyên giáo Huyện ủy"


def test_reasons_the_rules_write_are_vietnamese_too():
    for change in (
        rules.drop(OPEN),
        rules.amend_deadline(OPEN, due_on=date(2024, 2, 1)),
    ):
        assert change is not None
        [event] = change.events
        view = describe_event(event.kind, "a", event.payload, lang="vi", org_names={})
        reason = dict(view.details)["lý do"]
        assert reason.startswith("văn bản sửa đổi"), reason


def test_a_step_of_the_service_names_the_mail_its_deadline_and_the_service():
    view = describe_event(
        "step_skipped",
        "sweep",
        {"step": "reminder", "occurrence": "2023-12-31~2023-10-31", "reason": "x"},
        lang="vi",
        org_names={},
    )
    assert view.what == "không gửi thư nhắc hạn"
    assert view.who == "hệ thống nhắc việc"
    assert dict(view.details)["thời hạn"] == "mốc 31/10/2023 (hạn 31/12/2023)"
    period = describe_event(
        "created",
        "sweep",
        {"occurrence": "2024-Q1", "parent": 3},
        lang="vi",
        org_names={},
    )
    assert dict(period.details) == {"thời hạn": "quý I/2024"}
