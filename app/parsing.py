"""Use case: read one notice file and report what it says, touching no database."""

from pathlib import Path

from app.documents import DEFAULT_MAX_NOTICE_BYTES, read_notice_text
from app.registry import read_registry
from domain.notices import ParsedNotice, parse_notice
from domain.resolve import OrgDirectory, resolve_owners
from domain.workdays import WorkCalendar


def parse_file(
    path: Path,
    *,
    calendar: WorkCalendar,
    registry: Path | None = None,
    max_bytes: int = DEFAULT_MAX_NOTICE_BYTES,
) -> ParsedNotice:
    """Read and parse a notice; with a registry, owner phrases resolve to its codes.

    The registry in force on the notice's signing date is used, so bodies renamed or
    ended since resolve as they were then.

    Raises:
        NoticeParseError: the file cannot be read or is not a notice.
        RegistryError: the registry file is refused.
    """
    text = read_notice_text(path, max_bytes=max_bytes)
    parsed = parse_notice(text, calendar=calendar, source=str(path))
    if registry is None:
        return parsed
    directory = OrgDirectory.from_entries(
        read_registry(registry), on=parsed.header.issued_on
    )
    return resolve_owners(parsed, directory)
