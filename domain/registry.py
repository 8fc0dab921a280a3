"""The organisation registry as pure data, and the checks a registry must pass.

A registry file (TOML, see ``docs/registry.md``) is read outside the domain; here it is a list
of :class:`OrgEntry` that :func:`validate_registry` accepts or refuses as a whole.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from domain.errors import RegistryError

ORG_KINDS = frozenset(
    {
        "committee",
        "office",
        "board",
        "party_committee",
        "government",
        "department",
        "collaborators",
        "group",
        "person",
        "other",
    }
)


@dataclass(frozen=True)
class OrgEntry:
    """One body of the registry (or a group of bodies, or a person)."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    emails: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    office: str | None = None  # for a committee: the office that handles its mail
    extra: dict[str, str] = field(default_factory=dict)

    def in_force(self, on: date) -> bool:
        """Whether the body existed on ``on``."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_to is not None and on > self.valid_to)


def validate_registry(entries: Sequence[OrgEntry], *, source: str) -> None:
    """Refuse a registry that could not be loaded as a whole.

    Args:
        entries: every entry of the file, in file order.
        source: the file name, used in messages.

    Raises:
        RegistryError: naming the file, the entry and the reason, for a duplicate code,
            an unknown kind, superior, office or member, a cycle in superiors, or a
            validity range that ends before it starts.
    """
    codes: dict[str, OrgEntry] = {}
    for entry in entries:
        if not entry.code:
            raise RegistryError(
                f"{source}: entry {entry.name!r}: missing code",
                vi=f"{source}: mục {entry.name!r}: thiếu mã đơn vị",
            )
        if entry.code in codes:
            raise RegistryError(
                f"{source}: entry {entry.code!r}: duplicate code",
                vi=f"{source}: mục {entry.code!r}: mã đơn vị bị trùng",
            )
        if entry.kind not in ORG_KINDS:
            raise RegistryError(
                f"{source}: entry {entry.code!r}: unknown kind {entry.kind!r} "
                f"(one of {', '.join(sorted(ORG_KINDS))})",
                vi=f"{source}: mục {entry.code!r}: không có loại đơn vị {entry.kind!r} "
                f"(chọn một trong {', '.join(sorted(ORG_KINDS))})",
            )
        if not entry.name.strip():
            raise RegistryError(
                f"{source}: entry {entry.code!r}: missing name",
                vi=f"{source}: mục {entry.code!r}: thiếu tên đơn vị",
            )
        if entry.valid_from and entry.valid_to and entry.valid_to < entry.valid_from:
            raise RegistryError(
                f"{source}: entry {entry.code!r}: valid_to {entry.valid_to} is before "
                f"valid_from {entry.valid_from}",
                vi=f"{source}: mục {entry.code!r}: valid_to {entry.valid_to:%d/%m/%Y} "
                f"trước valid_from {entry.valid_from:%d/%m/%Y}",
            )
        codes[entry.code] = entry
    for entry in entries:
        if entry.parent is not None and entry.parent not in codes:
            raise RegistryError(
                f"{source}: entry {entry.code!r}: unknown superior {entry.parent!r}",
                vi=f"{source}: mục {entry.code!r}: không có đơn vị cấp trên "
                f"{entry.parent!r} trong danh mục",
            )
        if entry.office is not None and entry.office not in codes:
            raise RegistryError(
                f"{source}: entry {entry.code!r}: unknown office {entry.office!r}",
                vi=f"{source}: mục {entry.code!r}: không có văn phòng {entry.office!r} "
                "trong danh mục",
            )
        for member in entry.members:
            if member not in codes:
                raise RegistryError(
                    f"{source}: entry {entry.code!r}: member {member!r} is not defined",
                    vi=f"{source}: mục {entry.code!r}: thành viên {member!r} chưa được "
                    "khai báo trong danh mục",
                )
            if member == entry.code:
                raise RegistryError(
                    f"{source}: entry {entry.code!r}: a group cannot contain itself",
                    vi=f"{source}: mục {entry.code!r}: một nhóm không thể chứa chính nó",
                )
    for entry in entries:
        seen = [entry.code]
        parent = entry.parent
        while parent is not None:
            if parent in seen:
                chain = " -> ".join([*seen, parent])
                raise RegistryError(
                    f"{source}: entry {entry.code!r}: cycle in superiors ({chain})",
                    vi=f"{source}: mục {entry.code!r}: các đơn vị cấp trên tạo thành "
                    f"vòng lặp ({chain})",
                )
            seen.append(parent)
            parent = codes[parent].parent
