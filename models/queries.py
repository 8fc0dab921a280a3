"""Keyword-only query functions over a ``Session``. Callers own the transaction."""

from collections.abc import Sequence

from sqlmodel import Session, col, delete, select

from domain.registry import OrgEntry
from models.tables import (
    OrgAlias,
    Organization,
    OrganizationMember,
    OrganizationPublic,
)


def upsert_organizations(
    *, session: Session, entries: Sequence[OrgEntry]
) -> tuple[int, int]:
    """Insert or update organisations by code; replace the members of every group given.

    Organisations missing from ``entries`` are kept: assignments may point at them.

    Returns:
        (created, updated) counts.
    """
    existing = {o.code: o for o in session.exec(select(Organization)).all()}
    created = updated = 0
    for entry in entries:
        org = existing.get(entry.code)
        if org is None:
            org = Organization(code=entry.code, name=entry.name, kind=entry.kind)
            session.add(org)
            existing[entry.code] = org
            created += 1
        else:
            updated += 1
        org.name = entry.name
        org.kind = entry.kind
        org.emails = list(entry.emails)
        org.aliases = list(entry.aliases)
        org.valid_from = entry.valid_from
        org.valid_to = entry.valid_to
    session.flush()
    ids = {code: org.id for code, org in existing.items()}
    for entry in entries:
        org = existing[entry.code]
        org.parent_id = ids[entry.parent] if entry.parent else None
        org.office_id = ids[entry.office] if entry.office else None
        session.exec(
            delete(OrganizationMember).where(col(OrganizationMember.group_id) == org.id)
        )
        for member in entry.members:
            member_id = ids[member]
            if org.id is None or member_id is None:
                raise RuntimeError("organisation ids must exist after flush")
            session.add(OrganizationMember(group_id=org.id, member_id=member_id))
    session.flush()
    return created, updated


def registry_entries(*, session: Session) -> list[OrgEntry]:
    """Every stored organisation as a registry entry (codes, not ids), ordered by code."""
    orgs = session.exec(select(Organization).order_by(col(Organization.code))).all()
    code_of = {o.id: o.code for o in orgs}
    members: dict[int, list[str]] = {}
    for link in session.exec(select(OrganizationMember)).all():
        members.setdefault(link.group_id, []).append(code_of[link.member_id])
    learned = learned_aliases(session=session)
    return [
        OrgEntry(
            code=o.code,
            name=o.name,
            kind=o.kind,
            parent=code_of.get(o.parent_id) if o.parent_id else None,
            office=code_of.get(o.office_id) if o.office_id else None,
            emails=tuple(o.emails),
            aliases=tuple(_merged(o.aliases, learned.get(o.id or 0, []))),
            members=tuple(sorted(members.get(o.id or 0, []))),
            valid_from=o.valid_from,
            valid_to=o.valid_to,
        )
        for o in orgs
    ]


def list_organizations(*, session: Session) -> list[OrganizationPublic]:
    """Every organisation with its superior, office and members by code."""
    orgs = session.exec(select(Organization).order_by(col(Organization.code))).all()
    by_id = {o.id: o for o in orgs}
    entries = {e.code: e for e in registry_entries(session=session)}
    out = []
    for org in orgs:
        entry = entries[org.code]
        if org.id is None:
            raise RuntimeError("stored organisation without id")
        out.append(
            OrganizationPublic(
                id=org.id,
                code=org.code,
                name=org.name,
                kind=org.kind,
                emails=list(org.emails),
                aliases=list(entry.aliases),
                valid_from=org.valid_from,
                valid_to=org.valid_to,
                parent=by_id[org.parent_id].code if org.parent_id else None,
                office=by_id[org.office_id].code if org.office_id else None,
                members=list(entry.members),
            )
        )
    return out


def learned_aliases(*, session: Session) -> dict[int, list[str]]:
    """The spellings offices taught the registry, by organisation id, oldest first."""
    out: dict[int, list[str]] = {}
    for alias in session.exec(select(OrgAlias).order_by(col(OrgAlias.id))).all():
        out.setdefault(alias.org_id, []).append(alias.text)
    return out


def _merged(first: Sequence[str], more: Sequence[str]) -> list[str]:
    seen = list(first)
    seen.extend(text for text in more if text not in seen)
    return seen
