"""Who may do what: the one place every request is checked (deny by default).

Each route is named; :data:`RULES` says which roles may call it and which record its
path names (an assignment, a notice, an organisation) must be in the user's scope. A
route missing from the table is refused for everyone; a public route (sign-in, assets)
is listed in :data:`PUBLIC`.
"""

from dataclasses import dataclass
from typing import Literal

from app.context import AppContext
from app.users import Principal
from app.workspace import (
    assignment_placement,
    may_see,
    notice_placement,
    org_id,
)
from domain.errors import NotFoundError, PermissionDenied

OFFICE, OWNER, VIEWER = "office", "owner", "viewer"
EVERYONE = frozenset({OFFICE, OWNER, VIEWER})
Target = Literal["none", "assignment", "notice", "org"]


@dataclass(frozen=True)
class Rule:
    """The roles a route allows and the record whose scope it checks."""

    roles: frozenset[str]
    target: Target = "none"


PUBLIC = frozenset({"login_form", "login", "static"})

RULES: dict[str, Rule] = {
    "logout": Rule(EVERYONE),
    "locale": Rule(EVERYONE),
    "overview": Rule(EVERYONE),
    "assignment_list": Rule(EVERYONE),
    "assignment_csv": Rule(EVERYONE),
    "assignment_page": Rule(EVERYONE, "assignment"),
    "progress": Rule(frozenset({OFFICE, OWNER}), "assignment"),
    "done": Rule(frozenset({OFFICE, OWNER}), "assignment"),
    "accept": Rule(frozenset({OFFICE}), "assignment"),
    "return_report": Rule(frozenset({OFFICE}), "assignment"),
    "extend": Rule(frozenset({OFFICE}), "assignment"),
    "assign": Rule(frozenset({OFFICE}), "assignment"),
    "notice_page": Rule(EVERYONE, "notice"),
    "org_page": Rule(EVERYONE, "org"),
    "ingest_form": Rule(frozenset({OFFICE})),
    "ingest": Rule(frozenset({OFFICE})),
    "reports": Rule(frozenset({OFFICE})),
    "report_download": Rule(frozenset({OFFICE})),
    "ledger": Rule(frozenset({OFFICE})),
    "ledger_retry": Rule(frozenset({OFFICE})),
}


def actions_for(user: Principal) -> frozenset[str]:
    """The route names of assignment actions the user's role allows (to show forms)."""
    return frozenset(
        name
        for name, rule in RULES.items()
        if rule.target == "assignment"
        and name != "assignment_page"
        and user.role in rule.roles
    )


def check(ctx: AppContext, user: Principal, route: str, params: dict[str, str]) -> None:
    """Refuse unless ``user`` may call ``route`` on the record its path names.

    Raises:
        PermissionDenied: the route is unknown, the role is not allowed, or the record
            is outside the user's scope.
        NotFoundError: the record does not exist.
    """
    rule = RULES.get(route)
    if rule is None or user.role not in rule.roles:
        raise PermissionDenied(
            f"{route}: not allowed for {user.role}",
            vi=f"{route}: vai trò {user.role} không được phép",
        )
    if rule.target == "none":
        return
    if rule.target == "org":
        found = org_id(ctx, params.get("code", ""))
        if found is None:
            raise NotFoundError("no such organisation", vi="không có đơn vị này")
        if not user.is_office and found not in user.owner_ids:
            raise PermissionDenied(
                "organisation outside the user's scope",
                vi="đơn vị nằm ngoài phạm vi của người dùng",
            )
        return
    try:
        record_id = int(params.get("id", ""))
    except ValueError as err:
        raise _no_record() from err
    place = (
        assignment_placement(ctx, record_id)
        if rule.target == "assignment"
        else notice_placement(ctx, record_id)
    )
    if place is None:
        raise _no_record()
    if not may_see(user, place):
        raise PermissionDenied(
            "record outside the user's scope",
            vi="bản ghi nằm ngoài phạm vi của người dùng",
        )


def _no_record() -> NotFoundError:
    return NotFoundError("no such record", vi="không có bản ghi này")
