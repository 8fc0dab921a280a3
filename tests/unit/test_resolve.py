from datetime import date
from pathlib import Path

import pytest

from app.registry import read_registry
from domain.notices import parse_notice
from domain.registry import OrgEntry
from domain.resolve import OrgDirectory, OwnerResolver, resolve_owners
from tests.factories import vn_calendar

REGISTRY = [
    OrgEntry(
        code="huyen-uy",
        name="Huyện ủy Vĩnh Bảo",
        kind="party_committee",
        aliases=("Huyện ủy",),
    ),
    OrgEntry(
        code="tinh-uy",
        name="Tỉnh ủy Hải Phòng",
        kind="party_committee",
        aliases=("Tỉnh ủy",),
    ),
    OrgEntry(
        code="btv-huyen-uy",
        name="Ban Thường vụ Huyện ủy",
        kind="committee",
        valid_to=date(2025, 6, 30),
    ),
    OrgEntry(
        code="btg-huyen-uy",
        name="Ban Tuyên giáo Huyện ủy Vĩnh Bảo",
        kind="board",
        aliases=("Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo"),
        valid_to=date(2025, 6, 30),
    ),
    OrgEntry(
        code="btg-thanh-uy",
        name="Ban Tuyên giáo và Dân vận Thành ủy",
        kind="board",
        aliases=("Ban Tuyên giáo",),
        valid_from=date(2025, 7, 1),
    ),
    OrgEntry(
        code="van-phong-huyen-uy",
        name="Văn phòng Huyện ủy",
        kind="office",
        aliases=("Văn phòng",),
    ),
    OrgEntry(
        code="van-phong-ubnd",
        name="Văn phòng HĐND và UBND huyện",
        kind="office",
        aliases=("Văn phòng",),
    ),
    OrgEntry(
        code="ubnd-huyen",
        name="Ủy ban nhân dân huyện Vĩnh Bảo",
        kind="government",
        aliases=("Ủy ban nhân dân huyện",),
    ),
    OrgEntry(code="hdnd-huyen", name="Hội đồng nhân dân huyện", kind="government"),
    OrgEntry(
        code="mttq-huyen",
        name="Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        kind="other",
    ),
    OrgEntry(
        code="ctv-dlxh",
        name="Cộng tác viên dư luận xã hội huyện",
        kind="collaborators",
    ),
    OrgEntry(
        code="ubnd-hoa-binh", name="Ủy ban nhân dân xã Hòa Bình", kind="government"
    ),
    OrgEntry(code="ubnd-vinh-an", name="Ủy ban nhân dân xã Vĩnh An", kind="government"),
    OrgEntry(
        code="ubnd-vinh-an-2", name="Ủy ban nhân dân xã Vinh An", kind="government"
    ),
    OrgEntry(code="dang-uy-xa", name="Đảng ủy xã", kind="party_committee"),
    OrgEntry(code="bch-dang-bo", name="Ban Chấp hành Đảng bộ huyện", kind="committee"),
    OrgEntry(
        code="chi-dang-bo",
        name="Các chi, đảng bộ trực thuộc",
        kind="group",
        members=("dang-uy-xa",),
    ),
    OrgEntry(code="tran-van-an", name="Trần Văn An", kind="person"),
]


@pytest.fixture(scope="module")
def directory() -> OrgDirectory:
    return OrgDirectory.from_entries(REGISTRY)


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        # exact name or alias
        ("Ban Tuyên giáo Huyện ủy Vĩnh Bảo", "btg-huyen-uy"),
        ("Ban Tuyên giáo Huyện ủy", "btg-huyen-uy"),
        ("Văn phòng Huyện ủy", "van-phong-huyen-uy"),
        ("Các chi, đảng bộ trực thuộc", "chi-dang-bo"),
        # case, spacing, punctuation
        ("ban tuyên giáo huyện ủy", "btg-huyen-uy"),
        ("BAN TUYÊN GIÁO HUYỆN ỦY", "btg-huyen-uy"),
        ("Ban  Tuyên giáo\nHuyện ủy.", "btg-huyen-uy"),
        ("  Ban Tuyên giáo Huyện ủy;", "btg-huyen-uy"),
        ("các chi; đảng bộ trực thuộc", "chi-dang-bo"),
        # leading forms of address
        ("Các đồng chí Ban Thường vụ Huyện ủy", "btv-huyen-uy"),
        ("đồng chí Trần Văn An", "tran-van-an"),
        ("Đ/c Trần Văn An", "tran-van-an"),
        ("Đ/c: Trần Văn An", "tran-van-an"),
        # Unicode forms and tone-mark placement
        ("Ban Tuye\u0302\u0301n gia\u0301o Huye\u0323\u0302n u\u0309y", "btg-huyen-uy"),
        ("Uỷ ban nhân dân huyện", "ubnd-huyen"),
        ("Ủy ban nhân dân xã Hoà Bình", "ubnd-hoa-binh"),
        ("UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH", "ubnd-hoa-binh"),
        # without diacritics, đ as d
        ("Ban Tuyen giao Huyen uy", "btg-huyen-uy"),
        ("Dang uy xa", "dang-uy-xa"),
        # abbreviations, in the phrase or in the registry
        ("BTG Huyện ủy", "btg-huyen-uy"),
        ("Ban Tuyên giáo HU", "btg-huyen-uy"),
        ("BTG HU", "btg-huyen-uy"),
        ("BTGHU", "btg-huyen-uy"),
        ("UBND huyện", "ubnd-huyen"),
        ("UBND huyện Vĩnh Bảo", "ubnd-huyen"),
        ("ubnd huyện", "ubnd-huyen"),
        ("HĐND huyện", "hdnd-huyen"),
        ("HDND huyện", "hdnd-huyen"),
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "van-phong-ubnd"),
        ("VP Huyện ủy", "van-phong-huyen-uy"),
        ("VPHU", "van-phong-huyen-uy"),
        ("BTV HU", "btv-huyen-uy"),
        ("BTV Huyện ủy", "btv-huyen-uy"),
        ("CTV DLXH huyện", "ctv-dlxh"),
        ("Cộng tác viên DLXH huyện", "ctv-dlxh"),
        ("UBMTTQ Việt Nam huyện", "mttq-huyen"),
        ("Ủy ban MTTQ Việt Nam huyện", "mttq-huyen"),
        ("BCH Đảng bộ huyện", "bch-dang-bo"),
        ("HU", "huyen-uy"),
        ("TU", "tinh-uy"),
        ("Tỉnh ủy Hải Phòng", "tinh-uy"),
        ("ĐU xã", "dang-uy-xa"),
        ("DU xã", "dang-uy-xa"),
        # a stricter comparison wins over a looser ambiguous one
        ("Ủy ban nhân dân xã Vĩnh An", "ubnd-vinh-an"),
        ("Ủy ban nhân dân xã Vinh An", "ubnd-vinh-an-2"),
        ("UBND xã Vĩnh An", "ubnd-vinh-an"),
    ],
)
def test_a_phrase_resolves_to_its_registry_code(directory, phrase, code):
    assert directory.resolve(phrase) == code


@pytest.mark.parametrize(
    "phrase",
    [
        # two bodies share the alias
        "Văn phòng",
        "Ban Tuyên giáo",
        # two bodies differ only by diacritics, and the phrase has none
        "Uy ban nhan dan xa Vinh An",
        "UBND xa Vinh An",
        # unknown
        "Sở Tài chính",
        "Ban Tuyên giáo Tỉnh ủy",
        "",
        "   ",
        # a capitalised syllable is not an abbreviation
        "Du xã",
        "TU BỔ ĐẢNG ỦY XÃ",
    ],
)
def test_an_ambiguous_or_unknown_phrase_resolves_to_none(directory, phrase):
    assert directory.resolve(phrase) is None


def test_ambiguous_matches_list_every_candidate(directory):
    assert directory.candidates("Văn phòng") == {"van-phong-huyen-uy", "van-phong-ubnd"}
    assert directory.candidates("Sở Tài chính") == frozenset()


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2023, 9, 22), "btg-huyen-uy"),
        (date(2025, 6, 30), "btg-huyen-uy"),
        (date(2025, 7, 1), "btg-thanh-uy"),
    ],
)
def test_only_bodies_in_force_on_the_date_are_considered(on, code):
    directory = OrgDirectory.from_entries(REGISTRY, on=on)
    assert directory.resolve("Ban Tuyên giáo") == code


def test_a_body_that_has_ended_is_not_found_on_a_later_date():
    directory = OrgDirectory.from_entries(REGISTRY, on=date(2025, 8, 1))
    assert directory.resolve("BTV Huyện ủy") is None
    assert directory.resolve("Văn phòng Huyện ủy") == "van-phong-huyen-uy"


def test_the_directory_is_an_owner_resolver():
    resolver: OwnerResolver = OrgDirectory.from_entries(REGISTRY)
    assert resolver.resolve("BTG HU") == "btg-huyen-uy"


def test_an_empty_registry_resolves_nothing():
    assert OrgDirectory.from_entries([]).resolve("Huyện ủy") is None


def test_resolving_a_read_notice_gives_what_reading_with_the_resolver_gives():
    """Ingest reads a notice once and resolves its owners in a separate step: the
    same owners and codes, and the same warnings (an unresolved owner's warning sits
    among its item's notes, in the order of the items' refs)."""
    root = Path(__file__).resolve().parents[2]
    entries = read_registry(root / "examples" / "vinh-bao-2023.toml")
    calendar = vn_calendar()
    samples = sorted((root / "tests" / "data" / "notices").glob("*.txt"))
    files = [root / "examples" / "629-TB-HU.txt", *samples]
    for path in files:
        text = path.read_text(encoding="utf-8")
        read = parse_notice(text, calendar=calendar)
        on = read.header.issued_on or date(2024, 1, 1)
        directory = OrgDirectory.from_entries(entries, on=on)
        resolved = resolve_owners(read, directory)
        expected = parse_notice(text, calendar=calendar, resolver=directory)
        assert resolved.directives == expected.directives, path.name
        assert resolved.header == expected.header, path.name
        assert sorted(resolved.warnings) == sorted(expected.warnings), path.name
