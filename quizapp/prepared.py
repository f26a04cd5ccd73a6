"""Prepared statements for the hot paths: compiled once by SQLAlchemy, run on the driver.

SQLAlchemy spends some 25 µs around each statement it executes (the compiled-cache
lookup, an execution context, result metadata, a Row per row). That is more than SQLite
spends running a statement found by primary key, so on the paths that run for every
click of every student (rating a flashcard) it is most of the time. A `Prepared`
statement keeps everything SQLAlchemy decides, and skips only its per-call bookkeeping:

* the SQL is SQLAlchemy's own compilation of a Core statement, once per dialect;
* parameters and results go through each column type's own bind and result processors
  (`TypeEngine.bind_processor` / `result_processor`), so values are stored and read
  back exactly as the ORM stores and reads them (timestamps, enums, booleans);
* the engine's `before_cursor_execute` listeners still see every statement, so SQLite's
  writer queue (`quizapp.sqlite`) takes its turn before a write, as for any other.

It runs on the DB-API connection under a SQLAlchemy `Connection`, inside that
connection's transaction, which the caller (the request) commits as usual. Bound values
fixed in the statement (`Question.status == APPROVED`) are processed once; the others
are named `bindparam`s passed on each call. Expanding (IN) parameters are not supported.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.compiler import SQLCompiler

_Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    """One statement as one dialect runs it."""

    sql: str
    positional: bool
    names: tuple[str, ...]  # each placeholder's name, in order for a positional style
    keys: tuple[str | None, ...]  # the caller's key for each, None for a fixed value
    fixed: tuple[Any, ...]  # the processed fixed values (unused where keys[i] is set)
    binds: tuple[_Processor, ...]
    columns: tuple[Any, ...]  # the result columns, whose types read the values
    row: type[tuple[Any, ...]] | None


class Prepared:
    """A Core statement (built by `build`, once) compiled per dialect on first use.

    `keys` names the columns an INSERT is given values for, as SQLAlchemy would learn
    them from the first call's parameters.
    """

    def __init__(self, build: Callable[[], Executable], keys: Sequence[str] | None = None):
        self._build = build
        self._keys = list(keys) if keys is not None else None
        self._statement: Executable | None = None
        self._compiled: dict[type[Dialect], _Compiled] = {}
        self._results: dict[type[Dialect], tuple[_Processor, ...]] = {}

    @property
    def statement(self) -> Executable:
        if self._statement is None:
            self._statement = self._build()
        return self._statement

    def all(self, connection: Connection, params: Mapping[str, Any]) -> list[Any]:
        """Run a statement that returns rows (SELECT, or a write with RETURNING): the rows,
        each a named tuple with the statement's column labels as fields."""
        dialect = connection.dialect
        compiled = self._for(dialect)
        cursor = self._execute(connection, compiled, params)
        try:
            fetched = cursor.fetchall()
            results = self._results.get(type(dialect))
            if results is None:  # some drivers' processors depend on the type they report
                results = self._results[type(dialect)] = tuple(
                    column.type.dialect_impl(dialect).result_processor(dialect, described[1])
                    for column, described in zip(compiled.columns, cursor.description, strict=True)
                )
        finally:
            cursor.close()
        assert compiled.row is not None, "a statement without result columns has no rows"
        make = compiled.row._make  # type: ignore[attr-defined]
        return [
            make([v if p is None or v is None else p(v) for p, v in zip(results, raw, strict=True)])
            for raw in fetched
        ]

    def run(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """Run a write without RETURNING: how many rows it changed."""
        cursor = self._execute(connection, self._for(connection.dialect), params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _execute(
        self, connection: Connection, compiled: _Compiled, params: Mapping[str, Any]
    ) -> Any:
        values = [
            fixed if key is None else (params[key] if bind is None else bind(params[key]))
            for key, fixed, bind in zip(compiled.keys, compiled.fixed, compiled.binds, strict=True)
        ]
        parameters: Any = (
            tuple(values) if compiled.positional else dict(zip(compiled.names, values, strict=True))
        )
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        connection.dispatch.before_cursor_execute(
            connection, cursor, compiled.sql, parameters, None, False
        )
        cursor.execute(compiled.sql, parameters)
        return cursor

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(type(dialect))
        if found is None:
            found = self._compiled[type(dialect)] = _compile(self.statement, dialect, self._keys)
        return found


def _compile(statement: Executable, dialect: Dialect, keys: list[str] | None) -> _Compiled:
    compiled = statement.compile(dialect=dialect, column_keys=keys)  # type: ignore[attr-defined]
    assert isinstance(compiled, SQLCompiler)
    if compiled.positional:
        names = tuple(compiled.positiontup or ())
    else:
        names = tuple(dict.fromkeys(compiled.bind_names.values()))
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    caller_keys: list[str | None] = []
    fixed: list[Any] = []
    binds: list[_Processor] = []
    for name in names:
        bind = by_name[name]
        if bind.expanding:
            raise ValueError(f"{name}: expanding (IN) parameters are not supported")
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if bind.required or bind.callable is not None or (keys is not None and name in keys):
            caller_keys.append(bind.key)
            fixed.append(None)
            binds.append(process)
        else:  # a literal written into the statement: processed once, here
            caller_keys.append(None)
            fixed.append(bind.value if process is None else process(bind.value))
            binds.append(None)
    columns = tuple(getattr(statement, "exported_columns", ()))
    row = namedtuple("Row", [c.key for c in columns]) if columns else None  # type: ignore[misc]
    return _Compiled(
        sql=str(compiled),
        positional=compiled.positional,
        names=names,
        keys=tuple(caller_keys),
        fixed=tuple(fixed),
        binds=tuple(binds),
        columns=columns,
        row=row,
    )
