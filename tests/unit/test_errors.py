"""The one error hierarchy carries its message in both of the project's languages."""

import ast
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.i18n import localize_error
from domain.assignment import NEEDS_CANCEL_REASON, require_text
from domain.errors import (
    ConfigurationError,
    DirectiveError,
    InputError,
    NotFoundError,
    NoticeParseError,
)
from notifications.senders import RecipientsRefusedError


def test_an_error_is_shown_in_vietnamese_when_it_was_given_in_vietnamese():
    err = NotFoundError(
        "organisation 'X' does not exist", vi="đơn vị 'X' không tồn tại"
    )
    assert localize_error(err, "vi") == "đơn vị 'X' không tồn tại"
    assert localize_error(err, "en") == "organisation 'X' does not exist"


def test_an_error_without_vietnamese_falls_back_to_its_english_message():
    err = InputError("something odd")
    assert err.text("vi") == "something odd"


def test_both_languages_survive_pickling_as_a_flow_run_result_would():
    err = ConfigurationError("bad port", vi="cổng không hợp lệ")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is ConfigurationError
    assert back.text("vi") == "cổng không hợp lệ"
    assert back.text("en") == "bad port"


def test_errors_whose_init_takes_other_arguments_survive_pickling_whole():
    """A notice error (reason, place) and a refusal (per-recipient replies) come back
    with the same message in both languages and the same fields."""
    notice = NoticeParseError("empty", source="tb.txt", line=2, vi_reason="rỗng")
    back = pickle.loads(pickle.dumps(notice))
    assert (back.text("en"), back.text("vi")) == ("tb.txt:2: empty", "tb.txt:2: rỗng")
    assert (back.reason, back.source, back.line) == ("empty", "tb.txt", 2)
    refused = RecipientsRefusedError(
        "refused", refusals={"a@x.vn": (550, "no such user")}, vi="bị từ chối"
    )
    again = pickle.loads(pickle.dumps(refused))
    assert type(again) is RecipientsRefusedError
    assert (again.text("en"), again.text("vi")) == ("refused", "bị từ chối")
    assert again.refusals == {"a@x.vn": (550, "no such user")}


def test_a_notice_error_builds_its_vietnamese_line_from_the_same_place():
    err = NoticeParseError(
        "the file is empty", source="tb.txt", line=3, vi_reason="tệp rỗng"
    )
    assert err.text("vi") == "tb.txt:3: tệp rỗng"
    assert err.text("en") == "tb.txt:3: the file is empty"
    unnamed = NoticeParseError("no directives found", vi_reason="không có chỉ đạo")
    assert unnamed.text("vi") == "thông báo: không có chỉ đạo"


def test_a_blank_reason_is_refused_in_both_languages():
    with pytest.raises(InputError) as caught:
        require_text("  ", NEEDS_CANCEL_REASON)
    assert caught.value.text("en") == NEEDS_CANCEL_REASON.en
    assert caught.value.text("vi") == NEEDS_CANCEL_REASON.vi


# --- every user-facing error of these packages is written in Vietnamese too ---

ROOT = Path(__file__).resolve().parents[2]

#: The packages (or single modules) whose errors are checked for their Vietnamese
#: sentence.
CHECKED_PACKAGES: tuple[str, ...] = (
    "domain",
    "models",
    "notifications",
    "tasks",
    "flows",
    "deployments",
    "app",
    "cli",
    "web",
)

#: Errors raised where no user input can lead, as (file, enclosing function).
INTERNAL_ERRORS: frozenset[tuple[str, str]] = frozenset(
    {
        # the in-memory outbox fails with the text its caller (a test) chose
        ("notifications/senders.py", "MemoryOutbox.send"),
    }
)


def _project_error_names(trees: dict[str, ast.Module]) -> set[str]:
    """The names of DirectiveError and every subclass, in domain.errors or in the trees."""
    names = {DirectiveError.__name__}
    pending = [DirectiveError]
    while pending:
        for sub in pending.pop().__subclasses__():
            names.add(sub.__name__)
            pending.append(sub)
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in names
                    and any(_name(base) in names for base in node.bases)
                ):
                    names.add(node.name)
                    grew = True
    return names


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _calls_without_vietnamese(
    tree: ast.Module, errors: set[str]
) -> Iterator[tuple[int, str, str]]:
    """(line, enclosing function, error class) of each error built without ``vi``."""

    def visit(node: ast.AST, scope: tuple[str, ...]) -> Iterator[tuple[int, str, str]]:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            scope = (*scope, node.name)
        if isinstance(node, ast.Call) and (name := _name(node.func)) in errors:
            given = {
                kw.arg
                for kw in node.keywords
                if not (isinstance(kw.value, ast.Constant) and kw.value.value is None)
            }
            if not given & {"vi", "vi_reason"}:
                yield node.lineno, ".".join(scope), str(name)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, scope)

    yield from visit(tree, ())


def _checked_trees() -> dict[str, ast.Module]:
    trees = {}
    for package in CHECKED_PACKAGES:
        where = ROOT / package
        for path in [where] if where.is_file() else sorted(where.rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            trees[relative] = ast.parse(path.read_text(encoding="utf-8"), relative)
    return trees


def test_every_user_facing_error_of_the_checked_packages_carries_its_vietnamese():
    """An error a user can meet is built with ``vi=`` (``vi_reason=`` for a notice
    error), so the office reads it in its language; only the listed internal
    invariants are exempt."""
    trees = _checked_trees()
    errors = _project_error_names(trees)
    missing = []
    exempt_seen = set()
    for relative, tree in trees.items():
        for line, scope, name in _calls_without_vietnamese(tree, errors):
            if (relative, scope) in INTERNAL_ERRORS:
                exempt_seen.add((relative, scope))
            else:
                missing.append(f"{relative}:{line} {scope}: {name}(...) without vi=")
    assert missing == []
    # the allow-list names only places that still exist
    assert exempt_seen == INTERNAL_ERRORS


def test_the_source_walk_sees_an_error_built_without_vietnamese():
    """The check itself: a raise without ``vi=`` is found, with its function."""
    tree = ast.parse(
        "class LocalError(InputError):\n"
        "    pass\n"
        "def f(x):\n"
        "    if x:\n"
        "        raise errors.PolicyError('bad', vi='hỏng')\n"
        "    raise LocalError('bad')\n"
        "def g():\n"
        "    return NoticeParseError('bad', vi_reason=None)\n"
    )
    errors = _project_error_names({"m.py": tree})
    assert list(_calls_without_vietnamese(tree, errors)) == [
        (6, "f", "LocalError"),
        (8, "g", "NoticeParseError"),
    ]
