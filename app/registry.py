"""Reading an organisation registry file (TOML) into validated entries.

The format is documented in ``docs/registry.md``; ``examples/vinh-bao-2023.toml`` is a
complete example.
"""

import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from domain.addresses import check_address
from domain.errors import InvalidAddress, RegistryError
from domain.registry import OrgEntry, validate_registry

_FIELDS = {
    "code",
    "name",
    "kind",
    "parent",
    "office",
    "emails",
    "aliases",
    "members",
    "valid_from",
    "valid_to",
}


def read_registry(path: Path) -> list[OrgEntry]:
    """Read and validate a registry file as a whole.

    Raises:
        RegistryError: the file is missing, not TOML, or fails a check; the message names
            the file, the entry and the reason.
    """
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise RegistryError(
            f"{source}: cannot read registry: {err.strerror}",
            vi=f"{source}: không đọc được tệp danh mục: {err.strerror}",
        ) from err
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise RegistryError(
            f"{source}: not UTF-8 text (byte {err.start})",
            vi=f"{source}: không phải văn bản UTF-8 (byte {err.start})",
        ) from err
    except tomllib.TOMLDecodeError as err:
        raise RegistryError(
            f"{source}: malformed TOML: {err}", vi=f"{source}: TOML sai cú pháp: {err}"
        ) from err
    return parse_registry(data, source=source)


def parse_registry(data: Mapping[str, Any], *, source: str) -> list[OrgEntry]:
    """Turn the loaded TOML document into entries and validate them."""
    items = data.get("org")
    if not isinstance(items, list) or not items:
        raise RegistryError(
            f"{source}: no [[org]] entries found",
            vi=f"{source}: không có mục [[org]] nào",
        )
    entries = [_entry(item, index, source) for index, item in enumerate(items, start=1)]
    validate_registry(entries, source=source)
    return entries


def _entry(item: Any, index: int, source: str) -> OrgEntry:
    if not isinstance(item, dict):
        raise RegistryError(
            f"{source}: entry #{index}: not a table",
            vi=f"{source}: mục #{index}: không phải một bảng TOML",
        )
    label = repr(item.get("code") or f"#{index}")
    unknown = set(item) - _FIELDS
    if unknown:
        raise RegistryError(
            f"{source}: entry {label}: unknown field(s) {sorted(unknown)}",
            vi=f"{source}: mục {label}: trường không hợp lệ {sorted(unknown)}",
        )
    for required in ("code", "name", "kind"):
        if not isinstance(item.get(required), str) or not item[required].strip():
            raise RegistryError(
                f"{source}: entry {label}: missing or empty {required!r}",
                vi=f"{source}: mục {label}: thiếu hoặc để trống {required!r}",
            )
    return OrgEntry(
        code=item["code"].strip(),
        name=item["name"].strip(),
        kind=item["kind"].strip(),
        parent=_optional_str(item, "parent", label, source),
        office=_optional_str(item, "office", label, source),
        emails=_str_list(item, "emails", label, source),
        aliases=_str_list(item, "aliases", label, source),
        members=_str_list(item, "members", label, source),
        valid_from=_optional_date(item, "valid_from", label, source),
        valid_to=_optional_date(item, "valid_to", label, source),
    )


def _optional_str(
    item: dict[str, Any], key: str, label: str, source: str
) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RegistryError(
            f"{source}: entry {label}: {key!r} must be a string",
            vi=f"{source}: mục {label}: {key!r} phải là một chuỗi",
        )
    return value.strip() or None


def _str_list(
    item: dict[str, Any], key: str, label: str, source: str
) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(
            f"{source}: entry {label}: {key!r} must be a list of strings",
            vi=f"{source}: mục {label}: {key!r} phải là danh sách chuỗi",
        )
    if key == "emails":
        checked = []
        for address in value:
            try:
                checked.append(check_address(address))
            except InvalidAddress as err:
                raise RegistryError(
                    f"{source}: entry {label}: {address!r} is not an e-mail "
                    f"address: {err}",
                    vi=f"{source}: mục {label}: {address!r} không phải địa chỉ "
                    f"thư điện tử: {err.text('vi')}",
                ) from err
        return tuple(checked)
    return tuple(v.strip() for v in value)


def _optional_date(
    item: dict[str, Any], key: str, label: str, source: str
) -> date | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as err:
            raise _not_a_date(source, label, key) from err
    raise _not_a_date(source, label, key)


def _not_a_date(source: str, label: str, key: str) -> RegistryError:
    return RegistryError(
        f"{source}: entry {label}: {key!r} is not a date (YYYY-MM-DD)",
        vi=f"{source}: mục {label}: {key!r} không phải là ngày (YYYY-MM-DD)",
    )
