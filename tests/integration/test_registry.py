"""Loading the organisation registry: upsert all or nothing, refusal of bad files."""

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.orgs import load_registry, organizations
from domain.errors import RegistryError
from models.tables import Organization, OrganizationMember

GOOD = """
[[org]]
code = "committee"
name = "Thường trực Huyện ủy"
kind = "committee"
office = "office"

[[org]]
code = "office"
name = "Văn phòng Huyện ủy"
kind = "office"
parent = "committee"
emails = ["vp@example.org"]

[[org]]
code = "btg"
name = "Ban Tuyên giáo Huyện ủy"
kind = "board"
parent = "committee"
aliases = ["BTG"]

[[org]]
code = "all"
name = "Các ban"
kind = "group"
members = ["btg", "office"]
"""


def _count(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        orgs = session.exec(select(func.count()).select_from(Organization)).one()
        links = session.exec(select(func.count()).select_from(OrganizationMember)).one()
    return orgs, links


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_registry_loads_every_body_of_the_worked_example(
    engine: Engine, example_registry: Path
):
    created, updated = load_registry(engine, example_registry)
    assert (created, updated) == (19, 0)
    by_code = {org.code: org for org in organizations(engine)}
    assert by_code["btg-huyen-uy"].parent == "thuong-truc-huyen-uy"
    assert "BTG" in by_code["btg-huyen-uy"].aliases
    assert by_code["thuong-truc-huyen-uy"].office == "van-phong-huyen-uy"
    assert len(by_code["ctv-dlxh"].members) == 3
    assert all(e.endswith(".example.org") for o in by_code.values() for e in o.emails)
    assert by_code["btg-huyen-uy"].valid_to is not None


def test_loading_twice_updates_instead_of_duplicating(engine: Engine, tmp_path: Path):
    path = _write(tmp_path, GOOD)
    assert load_registry(engine, path) == (4, 0)
    assert load_registry(engine, path) == (0, 4)
    assert _count(engine) == (4, 2)


def test_a_changed_group_replaces_its_members(engine: Engine, tmp_path: Path):
    load_registry(engine, _write(tmp_path, GOOD))
    load_registry(
        engine, _write(tmp_path, GOOD.replace('["btg", "office"]', '["btg"]'))
    )
    by_code = {org.code: org for org in organizations(engine)}
    assert by_code["all"].members == ["btg"]


BAD = [
    (
        GOOD + '\n[[org]]\ncode = "btg"\nname = "again"\nkind = "board"\n',
        "'btg': duplicate code",
    ),
    (
        GOOD.replace('parent = "committee"\naliases', 'parent = "nobody"\naliases'),
        "'btg': unknown superior 'nobody'",
    ),
    (
        GOOD.replace(
            'kind = "committee"\noffice = "office"',
            'kind = "committee"\noffice = "office"\nparent = "btg"',
        ),
        "cycle in superiors",
    ),
    (
        GOOD.replace('["btg", "office"]', '["btg", "ghost"]'),
        "'all': member 'ghost' is not defined",
    ),
    (GOOD + "\n[[org]\n", "malformed TOML"),
    ('title = "no orgs"\n', "no [[org]] entries"),
    (GOOD.replace('kind = "board"', 'kind = "ministry"'), "unknown kind 'ministry'"),
    (
        GOOD.replace('emails = ["vp@example.org"]', 'emails = ["not an address"]'),
        "is not an e-mail address",
    ),
    (GOOD.replace('name = "Các ban"\n', ""), "missing or empty 'name'"),
    # one address per entry, nothing a header could be tricked with
    (
        GOOD.replace('["vp@example.org"]', '["vp@example.org,boss@example.org"]'),
        "'office': 'vp@example.org,boss@example.org' is not an e-mail address: "
        "several addresses",
    ),
    (
        GOOD.replace('["vp@example.org"]', '["vp@example.org\\r\\nBcc: x@evil.org"]'),
        "'office': 'vp@example.org\\r\\nBcc: x@evil.org' is not an e-mail address: "
        "contains a line break",
    ),
    (
        GOOD.replace('["vp@example.org"]', '["\\"vp@example.org\\" <x@evil.org>"]'),
        "is not an e-mail address: a display name or angle brackets are not allowed",
    ),
    (
        GOOD.replace('["vp@example.org"]', '["vp@example.org (Văn phòng)"]'),
        "is not an e-mail address: contains a blank",
    ),
    (
        GOOD.replace('["vp@example.org"]', '["vp@@example.org"]'),
        "is not an e-mail address: must contain exactly one '@'",
    ),
]


@pytest.mark.parametrize(("text", "reason"), BAD)
def test_a_bad_registry_is_refused_naming_file_entry_and_reason_and_writes_nothing(
    engine: Engine, tmp_path: Path, text: str, reason: str
):
    load_registry(engine, _write(tmp_path, GOOD))
    before = _count(engine)
    path = _write(tmp_path, text)
    with pytest.raises(RegistryError) as caught:
        load_registry(engine, path)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)
    assert _count(engine) == before


def test_a_missing_registry_file_is_named(engine: Engine, tmp_path: Path):
    with pytest.raises(RegistryError, match=r"missing\.toml: cannot read registry"):
        load_registry(engine, tmp_path / "missing.toml")
