"""Prefixes and example queries for the SPARQL page, read from the ontology and api/queries/*.rq.

The prefixes come from the `@prefix` lines of ontology/dipkg.ttl, so the page never disagrees with
the ontology; the example files hold only the query body and get the prefixes they use prepended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "dipkg.ttl"
QUERIES = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Example:
    """One example query: file stem, title (its first comment line), description and full text."""

    name: str
    title: str
    description: str
    text: str


@lru_cache(maxsize=1)
def prefixes() -> tuple[tuple[str, str], ...]:
    """(prefix, namespace) pairs declared by the ontology file, plus the resource namespaces of kg.vocab."""
    graph = Graph(bind_namespaces="none")
    graph.parse(ONTOLOGY, format="turtle")
    found = {str(name): str(ns) for name, ns in graph.namespaces() if name}
    found.update(_resource_namespaces(set(found.values())))
    return tuple(sorted(found.items()))


def _resource_namespaces(known: set[str]) -> dict[str, str]:
    """The id and graph namespaces (kg.vocab) where the ontology file does not declare them itself."""
    from kg import vocab  # noqa: PLC0415

    extra = {"id": str(vocab.ID), "graph": str(vocab.GRAPH)}
    return {name: ns for name, ns in extra.items() if ns not in known}


def prefix_block(text: str | None = None) -> str:
    """`PREFIX` lines for every ontology prefix, or only those `text` uses."""
    used = _used_prefixes(text) if text is not None else None
    lines = [f"PREFIX {name}: <{ns}>" for name, ns in prefixes() if used is None or name in used]
    return "\n".join(lines) + ("\n" if lines else "")


def _used_prefixes(text: str) -> set[str]:
    # A prefixed name starts after whitespace or punctuation; IRIs in <...> contain `:` too, so drop them.
    without_iris = re.sub(r"<[^<>\s]*>", " ", text)
    without_strings = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", " ", without_iris)
    without_comments = re.sub(r"#[^\n]*", " ", without_strings)
    return set(re.findall(r"(?<![\w:])([A-Za-z][\w.-]*|):", without_comments))


def compact(iri: str) -> str:
    """`dip:Visit` for a full IRI under a known namespace (the longest match wins), else the IRI."""
    best = max((ns for _, ns in prefixes() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    name = next(n for n, ns in prefixes() if ns == best)
    local = iri[len(best) :]
    # Local names with `/` (e.g. id:country/BLR) are valid in SPARQL 1.1 only escaped; show the IRI.
    return f"{name}:{local}" if re.fullmatch(r"[\w.-]*", local) and not local.endswith(".") else iri


@lru_cache(maxsize=1)
def example_queries() -> tuple[Example, ...]:
    """Every api/queries/*.rq, sorted by file name, with the prefixes it uses prepended."""
    found = []
    for path in sorted(QUERIES.glob("*.rq")):
        body = path.read_text(encoding="utf-8")
        comments = []
        for line in body.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        title = comments[0] if comments else path.stem.replace("-", " ")
        description = " ".join(c for c in comments[1:] if c)
        found.append(Example(path.stem, title, description, prefix_block(body) + "\n" + body))
    return tuple(found)
