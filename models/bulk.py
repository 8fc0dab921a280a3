"""Set-based writes over a set of assignment ids: one statement, however many rows.

The sweep decides once per class of items that share their state (see
:mod:`app.followup`) and writes each decision for the whole class with one statement
here: the ledger rows and the events are made by ``INSERT … SELECT`` over the ids, the
new state by one ``UPDATE``. The ids travel as one parameter (a PostgreSQL array, a
JSON array on SQLite), never one row at a time through the driver.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    FromClause,
    Integer,
    String,
    Table,
    bindparam,
    cast,
    exists,
    func,
    literal,
    select,
    update,
)
from sqlmodel import Session

from models.db import insert_for
from models.tables import Assignment, Delivery, Event


def _table(model: Any) -> Table:
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def id_source(session: Session, ids: Sequence[int]) -> FromClause:
    """The ids as a one-column table (column ``value``) bound as a single parameter."""
    if _postgres(session):
        from sqlalchemy.dialects.postgresql import ARRAY

        return (
            func.unnest(bindparam("ids", list(ids), type_=ARRAY(Integer)))
            .table_valued("value")
            .render_derived(name="ids", with_types=False)
        )
    return func.json_each(bindparam("ids", json.dumps(list(ids)))).table_valued("value")


def _key(source: FromClause, key_suffix: str) -> ColumnElement[str]:
    return literal("a", String) + cast(source.c.value, String) + literal(key_suffix)


def insert_ledger_rows(
    *,
    session: Session,
    ids: Sequence[int],
    template: Mapping[str, Any],
    key_suffix: str,
) -> None:
    """One ledger row per assignment id, the same as ``template`` but for its keys.

    Args:
        ids: the assignments.
        template: every column of the row (as :func:`app.ledger.ledger_rows` makes
            it); ``dedupe_key`` and ``assignment_id`` are replaced, ``message_id`` is
            left empty: it is derived from the key when the row is claimed for
            sending (:func:`app.ledger.deliver_pending`), like its subject and bodies,
            so a row that is never sent costs no hash.
        key_suffix: the row's key is ``a<id>`` followed by this.

    A key already in the ledger writes nothing.
    """
    if not ids:
        return
    table = _table(Delivery)
    source = id_source(session, ids)
    assignment_id = cast(source.c.value, Integer)
    key = _key(source, key_suffix)
    computed: dict[str, ColumnElement[Any]] = {
        "dedupe_key": key,
        "assignment_id": assignment_id,
        "message_id": literal("", String),
    }
    names = [c.name for c in table.columns if c.name != "id"]
    columns = [
        computed[name]
        if name in computed
        else literal(template[name], type_=table.c[name].type)
        for name in names
    ]
    stmt = (
        insert_for(session)(table)
        .from_select(
            names, select(*columns).select_from(source).where(key.is_not(None))
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
    )
    session.connection().execute(stmt)


def insert_events(
    *,
    session: Session,
    ids: Sequence[int],
    kind: str,
    actor: str,
    at: Any,
    payload: Mapping[str, Any],
    unless_key_suffix: str | None = None,
) -> None:
    """One event per assignment id, all alike.

    Args:
        unless_key_suffix: leave out the assignments whose ledger already holds the
            key ``a<id>`` followed by this (run before writing that ledger row, the
            events are those of the rows about to be written).
    """
    if not ids:
        return
    table = _table(Event)
    source = id_source(session, ids)
    rows = select(
        cast(source.c.value, Integer),
        literal(kind, String),
        literal(actor, String),
        literal(at, type_=table.c.at.type),
        literal(dict(payload), type_=JSON),
    ).select_from(source)
    if unless_key_suffix is not None:
        ledger = _table(Delivery)
        rows = rows.where(
            ~exists().where(ledger.c.dedupe_key == _key(source, unless_key_suffix))
        )
    session.connection().execute(
        table.insert().from_select(
            ["assignment_id", "kind", "actor", "at", "payload"], rows
        )
    )


def update_assignments(
    *, session: Session, ids: Sequence[int], values: Mapping[str, Any]
) -> None:
    """Give every assignment of ``ids`` the same new ``values``."""
    if not ids:
        return
    table = _table(Assignment)
    source = id_source(session, ids)
    session.connection().execute(
        update(table)
        .where(table.c.id.in_(select(cast(source.c.value, Integer)).scalar_subquery()))
        .values(dict(values))
    )
