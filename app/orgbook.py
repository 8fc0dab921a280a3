"""The registry as the follow-up needs it: who an owner's superior is, where mail goes."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from models.tables import Organization


@dataclass(frozen=True)
class OrgCard:
    """One organisation, reduced to what routing mail needs."""

    id: int
    code: str
    name: str
    kind: str
    emails: tuple[str, ...]
    parent_id: int | None
    office_id: int | None
    valid_to: date | None = None

    def ended(self, on: date) -> bool:
        """Whether the body had ceased to exist on ``on`` (its validity ended)."""
        return self.valid_to is not None and on > self.valid_to


class OrgBook:
    """Every organisation by id, read once per use case (the registry is small)."""

    def __init__(self, cards: dict[int, OrgCard]):
        self._cards = cards
        self._by_code = {c.code: c for c in cards.values()}

    @classmethod
    def load(cls, session: Session) -> "OrgBook":
        cards = {}
        for org in session.exec(select(Organization)).all():
            if org.id is None:
                raise RuntimeError("stored organisation without id")
            cards[org.id] = OrgCard(
                id=org.id,
                code=org.code,
                name=org.name,
                kind=org.kind,
                emails=tuple(org.emails),
                parent_id=org.parent_id,
                office_id=org.office_id,
                valid_to=org.valid_to,
            )
        return cls(cards)

    def cards(self) -> list[OrgCard]:
        """Every organisation, in id order."""
        return [self._cards[k] for k in sorted(self._cards)]

    def get(self, org_id: int | None) -> OrgCard | None:
        return self._cards.get(org_id) if org_id is not None else None

    def by_code(self, code: str) -> OrgCard | None:
        return self._by_code.get(code)

    def superior(self, org_id: int | None) -> OrgCard | None:
        card = self.get(org_id)
        return self.get(card.parent_id) if card else None

    def mailbox(self, org_id: int | None) -> OrgCard | None:
        """Where mail for a body goes: its office when it has one (a committee)."""
        card = self.get(org_id)
        if card is None:
            return None
        office = self.get(card.office_id)
        return office if office is not None and office.emails else card

    def issuers_mailed_at(self, mailbox_id: int | None) -> list[int]:
        """Every body whose mail goes to ``mailbox_id`` (itself included)."""
        return [
            card.id
            for card in self._cards.values()
            if (box := self.mailbox(card.id)) is not None and box.id == mailbox_id
        ]

    def addresses(self, org_id: int | None) -> tuple[str, ...]:
        box = self.mailbox(org_id)
        return box.emails if box else ()
