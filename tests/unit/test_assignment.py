"""The life of an assignment: its vocabulary and the pure changes made to it."""

from datetime import date

from domain.assignment import (
    ACTIVE_STATUSES,
    STATUSES,
    Assignee,
    AssignmentStatus,
    Role,
    fan_out,
)
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
