"""Read-only SPARQL for users: refusal of updates and SERVICE, time and row limits, result serialization.

What pyoxigraph does (0.5, checked): `Store.query` has no timeout or cancellation. SELECT and CONSTRUCT
results are lazy iterators (each row is computed on `next`), but ORDER BY, GROUP BY / aggregates and ASK
are evaluated in full inside `query()` or the first `next()`. Both release the GIL. So each user query
runs in a daemon worker thread: the caller waits at most `timeout` seconds and gets `QueryTimeout`; the
worker checks a cancel flag between rows, so a streaming query stops at once, while an eager operator
already running in native code finishes its current step and then stops (its CPU use cannot be cut short
from Python). At most `settings threads` user queries evaluate at a time, so abandoned runaways cannot
starve the server: a request waits for a slot no longer than its own timeout. Pyoxigraph result
iterators are "unsendable" (must be dropped in the thread that made them), so they never leave the
worker: results are materialized there, and exceptions travel without their tracebacks.

A remote server gets the timeout as its HTTP timeout, and its streamed answer is read in chunks and cut
off at the deadline; closing the connection makes `oxigraph serve` stop producing it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg import settings
from kg.store.backends import BackendQueryError, BackendTimeout, QueryOutput, StoreError


class QueryError(StoreError):
    """The query is malformed: the message is the parser's."""


class QueryRefused(StoreError):
    """The query would write (SPARQL Update) or reach other servers (SERVICE): the endpoint is read-only."""


class QueryTimeout(StoreError):
    """The query ran longer than its time limit."""


class TooManyRows(StoreError):
    """The result has more rows than the limit."""


BINDINGS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
MIME_TYPES = {
    "bindings": tuple(BINDINGS_TYPES),
    "boolean": tuple(BINDINGS_TYPES),
    "graph": tuple(GRAPH_TYPES),
}

# Strings, IRIs and comments, removed before looking for keywords (a `SERVICE` inside a literal is fine).
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.S,
)
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.I)
_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[\w.\-]*:|BASE)\s*", re.I)
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}


def check_read_only(query: str) -> None:
    """Raise QueryRefused for a SPARQL Update or a query with SERVICE, before anything runs."""
    text = _OPAQUE.sub(" ", query)
    if _SERVICE.search(text):
        raise QueryRefused("SERVICE is not allowed: this endpoint does not call other servers")
    rest = text
    while match := _PROLOGUE.match(rest):
        rest = rest[match.end() :]
    first = re.match(r"\s*([A-Za-z]+)", rest)
    if first and first.group(1).lower() in _UPDATE_WORDS:
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")


def declares_dataset(query: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which the union default must not hide."""
    return re.search(r"(?<![\w?$:])FROM(?![\w:])", _OPAQUE.sub(" ", query), re.I) is not None


@dataclass
class SparqlResult:
    """A materialized query result: `kind` is "bindings", "boolean" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    solutions: list[ox.QuerySolution] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values (None for unbound): for tables, JSON and CSV output."""
        if self.kind == "boolean":
            return [{"boolean": self.boolean}]
        if self.kind == "graph":
            names = ("subject", "predicate", "object")
            return [{n: python_value(v) for n, v in zip(names, t, strict=True)} for t in self.triples]
        return [{v: python_value(s[v]) for v in self.variables} for s in self.solutions]

    @property
    def columns(self) -> list[str]:
        if self.kind == "boolean":
            return ["boolean"]
        return ["subject", "predicate", "object"] if self.kind == "graph" else list(self.variables)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.solutions)

    def serialize(self, mime: str) -> bytes:
        """The result in a SPARQL results format (bindings, boolean) or an RDF format (graph)."""
        if self.kind == "graph":
            if mime not in GRAPH_TYPES:
                raise ValueError(f"a graph result cannot be written as {mime}")
            return _bytes(
                ox.serialize(self.triples, format=GRAPH_TYPES[mime], prefixes=self.prefixes or None)
            )
        if mime not in BINDINGS_TYPES:
            raise ValueError(f"a {self.kind} result cannot be written as {mime}")
        data = self._json()
        if mime == "application/sparql-results+json":
            return data
        if self.kind == "boolean" and mime in ("text/csv", "text/tab-separated-values"):
            # No standard CSV/TSV form of a boolean: one column, one row.
            sep = "," if mime == "text/csv" else "\t"
            return f"boolean{sep}\n{'true' if self.boolean else 'false'}\n".replace(sep + "\n", "\n").encode()
        parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return _bytes(parsed.serialize(format=BINDINGS_TYPES[mime]))

    def _json(self) -> bytes:
        if self.kind == "boolean":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}).encode()
        bindings = [{v: json_term(s[v]) for v in self.variables if s[v] is not None} for s in self.solutions]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}}).encode()

    def to_csv(self) -> str:
        """Rows as CSV with Python values (IRIs and literals' values), for the command line."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue()


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph serializers return bytes when given no output file."""
    assert data is not None
    return data


def json_term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            data["datatype"] = term.datatype.value
        return data
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: json_term(v) for k, v in parts.items()}}
    raise TypeError(f"unexpected term {term!r}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger")
}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def python_value(term: Any) -> Any:
    """IRIs and blank nodes as strings, numbers and booleans as such, other literals as their text."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.Triple):
        return f"<< {term} >>"
    return term.value


_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _evaluation_slots() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(2, int(settings.get("threads"))))
        return _slots


def run_limited(start: Callable[[], QueryOutput], timeout: float, max_rows: int) -> SparqlResult:
    """Evaluate a query in a worker thread within `timeout` seconds and `max_rows` rows."""
    deadline = time.monotonic() + timeout
    slots = _evaluation_slots()
    if not slots.acquire(timeout=timeout):
        raise QueryTimeout(
            f"the server is still busy with earlier long queries; none finished within {timeout:g} s"
        )
    cancel = threading.Event()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = _materialize(start(), max_rows, cancel)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = _detached(exc)
        finally:
            slots.release()

    worker = threading.Thread(target=work, name="sparql-query", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        cancel.set()
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
    if "error" in box:
        error = box["error"]
        if isinstance(error, BackendQueryError):
            raise QueryError(str(error)) from None
        if isinstance(error, BackendTimeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
        raise error
    return box["result"]


_SELECT = re.compile(r"\bSELECT\b\s*(?:(?:DISTINCT|REDUCED)\s+)?(\*)?", re.I)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")


def select_star_order(query: str, variables: list[str]) -> list[str]:
    """For `SELECT *`, the variables in the order they first appear in the query (as users read the
    pattern) instead of pyoxigraph's alphabetical order; other projections keep their stated order."""
    text = re.sub(r"(?m)#[^\n<>\"']*$", "", query)  # comments (not '#' inside IRIs or strings)
    match = _SELECT.search(text)
    if match is None or match.group(1) is None:
        return variables
    first: dict[str, int] = {}
    for found in _VARIABLE.finditer(text, match.end()):
        first.setdefault(found.group(1), found.start())
    return sorted(variables, key=lambda v: (first.get(v, len(text)), variables.index(v)))


def _detached(exc: BaseException) -> BaseException:
    """The exception without tracebacks: their frames hold pyoxigraph result iterators, which must be
    dropped in the thread that made them ("unsendable"), so they must not travel to the caller."""
    seen = exc
    while seen is not None:
        seen.__traceback__ = None
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    return exc


def _materialize(output: QueryOutput, max_rows: int, cancel: threading.Event) -> SparqlResult:
    if isinstance(output, ox.QueryBoolean):
        return SparqlResult("boolean", boolean=bool(output))
    if isinstance(output, ox.QuerySolutions):
        result = SparqlResult("bindings", variables=[v.value for v in output.variables])
        rows: list[Any] = result.solutions
    else:
        result = SparqlResult("graph")
        rows = result.triples
    for item in output:
        if cancel.is_set():
            return result  # nobody waits for it any more; dropping the iterator stops evaluation
        rows.append(item)
        if len(rows) > max_rows:
            raise TooManyRows(f"the result has more than {max_rows} rows")
    return result
