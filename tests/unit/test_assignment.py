"""The life of an assignment: its vocabulary and the pure changes made to it."""

from datetime import date

import pytest

from domain.assignment import (
    ACTIVE_STATUSES,
    STATUSES,
    Assignee,
    AssignmentState,
    AssignmentStatus,
    Role,
    accept,
    add_progress,
    amend_deadline,
    cancel,
    drop,
    extend,
    fan_out,
    reassign,
    report_done,
    return_report,
)
from domain.errors import InputError, InvalidTransition
from domain.registry import OrgEntry

ON = date(2023, 9, 22)


def _entry(code: str, kind: str = "board", **fields: object) -> OrgEntry:
    return OrgEntry(code=code, name=code, kind=kind, **fields)  # type: ignore[arg-type]


REGISTRY = {
    "btg": _entry("btg"),
    "vp": _entry("vp"),
    "xa-a": _entry("xa-a", "party_committee"),
    "xa-b": _entry("xa-b", "party_committee", valid_to=date(2023, 1, 1)),
    "xa-c": _entry("xa-c", "party_committee"),
    "cac-xa": _entry("cac-xa", "group", members=("xa-a", "xa-b", "xa-c")),
}


def test_statuses_are_one_vocabulary_and_only_open_and_returned_are_followed_up():
    assert {str(s) for s in STATUSES} == {
        "open",
        "needs_owner",
        "reported",
        "returned",
        "done",
        "cancelled",
    }
    assert {"open", "returned"} == ACTIVE_STATUSES
    assert AssignmentStatus("returned") in ACTIVE_STATUSES


def test_a_group_owner_fans_out_to_its_members_in_force_on_the_signing_date():
    assignees = fan_out([("Các xã", "lead", "cac-xa")], REGISTRY, on=ON)
    assert assignees == [
        Assignee("xa-a", "Các xã", Role.LEAD),
        Assignee("xa-c", "Các xã", Role.LEAD),
    ]


def test_an_owner_named_twice_keeps_the_lead_role():
    assignees = fan_out(
        [("Văn phòng", "support", "vp"), ("VP Huyện ủy", "lead", "vp")],
        REGISTRY,
        on=ON,
    )
    assert assignees == [Assignee("vp", "VP Huyện ủy", Role.LEAD)]


def test_unresolved_owner_phrases_come_last_as_written():
    assignees = fan_out(
        [("Một đơn vị lạ", "lead", None), ("Ban Tuyên giáo", "support", "btg")],
        REGISTRY,
        on=ON,
    )
    assert assignees == [
        Assignee("btg", "Ban Tuyên giáo", Role.SUPPORT),
        Assignee(None, "Một đơn vị lạ", Role.LEAD),
    ]


# --- the changes ---------------------------------------------------------------------

TODAY = date(2023, 12, 20)


def _state(status: str = "open", **fields: object) -> AssignmentState:
    values: dict[str, object] = {
        "id": 7,
        "status": status,
        "owner": "btg",
        "due_on": date(2023, 12, 31),
        "original_due_on": date(2023, 12, 31),
        "occurrence": "2023-12-31",
        "last_step": "reminder",
    }
    values.update(fields)
    return AssignmentState(**values)  # type: ignore[arg-type]


def test_reporting_done_waits_for_the_office_and_tells_the_issuer():
    change = report_done(_state(), note="Đã xong", today=TODAY)
    assert change.state.status == "reported"
    assert change.state.completed_on == TODAY
    assert not change.state.followed_up
    assert [e.kind for e in change.events] == ["completion_reported"]
    assert [(m.rule, m.to) for m in change.mails] == [("completion_reported", "issuer")]


def test_acceptance_counts_from_the_report_not_from_the_acceptance():
    reported = report_done(_state(), note="Đã xong", today=TODAY).state
    change = accept(reported, today=date(2024, 1, 15))
    assert change.state.status == "done"
    assert change.events[0].payload["reported_on"] == "2023-12-20"
    assert [(m.rule, m.to) for m in change.mails] == [("accepted", "owner")]


def test_a_returned_report_is_not_done_and_its_follow_up_is_planned_again():
    reported = report_done(_state(), note="Đã xong", today=TODAY).state
    change = return_report(reported, reason="Thiếu số liệu", today=TODAY)
    assert change.state.status == "returned"
    assert change.state.completed_on is None
    assert change.reschedule


def test_an_extension_moves_the_date_in_force_keeps_the_original_and_restarts_the_ladder():
    change = extend(_state(), to=date(2024, 1, 31), reason="Chờ số liệu")
    assert change.state.due_on == date(2024, 1, 31)
    assert change.state.original_due_on == date(2023, 12, 31)
    assert change.state.occurrence == "2024-01-31"
    assert change.state.last_step is None
    assert change.events[0].payload["original"] == "2023-12-31"
    assert change.reschedule


def test_an_extension_must_move_the_date_later():
    with pytest.raises(InputError, match="not after the due date in force"):
        extend(_state(), to=date(2023, 12, 1), reason="x")


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda s: report_done(s, note="x", today=TODAY), "reported"),
        (lambda s: accept(s, today=TODAY), "open"),
        (lambda s: return_report(s, reason="x", today=TODAY), "done"),
        (lambda s: extend(s, to=date(2024, 2, 1), reason="x"), "cancelled"),
        (lambda s: add_progress(s, note="x"), "needs_owner"),
        (lambda s: cancel(s, reason="x"), "done"),
        (lambda s: reassign(s, owner="vp"), "cancelled"),
    ],
)
def test_a_change_the_status_does_not_allow_is_refused_naming_both(change, status):
    with pytest.raises(InvalidTransition, match=f"assignment 7 is {status}"):
        change(_state(status))


@pytest.mark.parametrize(
    "change",
    [
        lambda: report_done(_state(), note=" ", today=TODAY),
        lambda: return_report(_state("reported"), reason="", today=TODAY),
        lambda: extend(_state(), to=date(2024, 2, 1), reason=" "),
        lambda: add_progress(_state(), note=""),
        lambda: cancel(_state(), reason=""),
    ],
)
def test_blank_text_is_refused(change):
    with pytest.raises(InputError):
        change()


def test_work_waiting_for_an_owner_is_assigned_and_the_owner_told():
    change = reassign(_state("needs_owner", owner=None), owner="vp")
    assert change.state.status == "open"
    assert change.state.owner == "vp"
    assert [e.kind for e in change.events] == ["assigned"]
    assert change.events[0].payload == {"from": None, "to": "vp"}
    assert [(m.rule, m.to) for m in change.mails] == [("assigned", "owner")]


def test_handing_work_to_its_own_owner_is_refused():
    with pytest.raises(InputError, match="already owned by btg"):
        reassign(_state(), owner="btg")


def test_cancelled_work_leaves_the_sweep_and_keeps_its_history():
    change = cancel(_state(), reason="Trùng nội dung")
    assert change.state.status == "cancelled"
    assert not change.state.followed_up
    assert change.events[0].payload == {"reason": "Trùng nội dung"}


def test_an_amended_notice_moves_the_deadline_or_drops_open_work():
    moved = amend_deadline(_state(), due_on=date(2024, 3, 31))
    assert moved is not None
    assert moved.state.due_on == date(2024, 3, 31)
    assert moved.state.original_due_on == date(2023, 12, 31)
    assert moved.state.last_step is None
    assert amend_deadline(_state(), due_on=date(2023, 12, 31)) is None
    dropped = drop(_state())
    assert dropped is not None
    assert dropped.state.status == "cancelled"
    assert drop(_state("done")) is None
