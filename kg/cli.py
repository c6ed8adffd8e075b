"""`kg`: the command line: ingest and extract articles, query, export and serve the graph.

spaCy loads only inside `ingest` and `extract`, so `kg --help`, `kg query` and the rest start fast.
Errors are one line on stderr with a non-zero exit code.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from kg import settings

EXPORT_FORMATS = ("ttl", "nq", "trig", "jsonld")


class _Group(click.Group):
    """Turns the errors users can cause (bad input, a locked or unreachable store) into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        from kg.store.backends import StoreError  # noqa: PLC0415

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (StoreError, ValueError, OSError) as exc:
            raise click.ClickException(_one_line(exc)) from None
        except Exception as exc:  # an unforeseen failure: still one line, with what it was
            raise click.ClickException(f"{type(exc).__name__}: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    metavar="LOCATION",
    default=None,
    help="Graph store: a directory, `memory:` or an http(s) SPARQL endpoint (overrides KG_STORE).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Diplomatic-relations knowledge graph: news articles in, dated and sourced facts out."""
    ctx.obj = {"store": store}


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")


def _open(ctx: click.Context) -> Any:
    """The store named by --store (or KG_STORE), closed when the command ends."""
    from kg.store import KnowledgeGraph  # noqa: PLC0415

    graph = KnowledgeGraph.open(ctx.obj.get("store") if ctx.obj else None)
    ctx.call_on_close(graph.close)
    return graph


def _check_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def in_shard(article_id: str, shard: tuple[int, int] | None) -> bool:
    """Whether an article belongs to shard I of N (1-based), by a stable hash of its id."""
    if shard is None:
        return True
    import hashlib  # noqa: PLC0415

    index, count = shard
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def _check_shard(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not I/N (e.g. 2/8)") from None
    if not 1 <= index <= count:
        raise click.BadParameter(f"{value!r}: I must be between 1 and N")
    return index, count


def _read(paths: tuple[Path, ...], published: str | None) -> tuple[list[Any], list[tuple[str, str]]]:
    """Articles under `paths`, and (file, reason) for each file that could not be read."""
    read, skipped = _read_files(paths, published)
    return [article for _path, article in read], skipped


def _read_files(
    paths: tuple[Path, ...], published: str | None
) -> tuple[list[tuple[Path, Any]], list[tuple[str, str]]]:
    """(file, article) under `paths`, and (file, reason) for each file that could not be read."""
    from kg.text import read_corpus  # noqa: PLC0415

    read, skipped = [], []
    for item in read_corpus(list(paths), published=published):
        if item.ok and item.article is not None:
            read.append((item.path, item.article))
            for warning in item.article.warnings:  # e.g. not UTF-8, not English: kept, but said
                click.echo(f"warning {item.path}: {warning}", err=True)
        else:
            skipped.append((str(item.path), item.error or "unreadable"))
    return read, skipped


def _extracted(articles: list[Any], batch_size: int | None, processes: int | None) -> Iterator[Any]:
    """(article, facts) pairs from the extractor, with a progress bar when stderr is a terminal."""
    if not articles:
        return  # nothing to extract: do not load spaCy
    from kg.extract import Extractor  # noqa: PLC0415  (loads spaCy)

    pairs = Extractor.shared().pipe(articles, batch_size=batch_size, n_process=processes)
    yield from _with_progress(pairs, len(articles))


def _with_progress(items: Iterable[Any], total: int) -> Iterator[Any]:
    """The items, with a progress bar (rate, ETA) when stderr is a terminal, else plain lines."""
    if sys.stderr.isatty():
        from tqdm import tqdm  # noqa: PLC0415

        yield from tqdm(items, total=total, unit="article", file=sys.stderr)
        return
    yield from progress_lines(iter(items), total, PROGRESS_EVERY)


PROGRESS_EVERY = 100


def progress_lines(items: Iterator[Any], total: int, every: int) -> Iterator[Any]:
    """The items, with a plain line on stderr every `every` items (for logs: no terminal, no bar)."""
    import time  # noqa: PLC0415

    began = time.perf_counter()
    for done, item in enumerate(items, 1):
        yield item
        if done % every == 0 or done == total:
            rate = done / max(time.perf_counter() - began, 1e-9)
            eta = (total - done) / rate if rate else 0.0
            click.echo(f"progress {done}/{total} articles, {rate:.1f}/s, ETA {eta:.0f} s", err=True)


_PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
_BATCH = click.option(
    "--batch-size", type=click.IntRange(1), default=None, help="Articles per spaCy batch (KG_BATCH_SIZE)."
)
_PROCESSES = click.option(
    "--processes", type=click.IntRange(1), default=None, help="Worker processes for spaCy (KG_PROCESSES)."
)
_SHARD = click.option(
    "--shard",
    metavar="I/N",
    callback=_check_shard,
    help="Only the articles in shard I of N (by a stable hash of the id), to split a corpus.",
)
_PUBLISHED = click.option(
    "--published",
    metavar="YYYY-MM-DD",
    callback=_check_date,
    help="Publication date of articles that articles.jsonl does not date.",
)


@cli.command()
@_PATHS
@_PUBLISHED
@_SHARD
@click.option("--force", is_flag=True, help="Re-ingest articles whose content is already stored.")
@click.option(
    "--server",
    metavar="URL",
    help="Send the articles to a running `kg serve` at URL (its store is locked by it) instead of a store.",
)
@click.option(
    "--token",
    envvar="KG_API_TOKEN",
    help="The server's write token, with --server (default: the KG_API_TOKEN environment variable).",
)
@_PROCESSES
@_BATCH
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    published: str | None,
    shard: tuple[int, int] | None,
    force: bool,
    server: str | None,
    token: str | None,
    processes: int | None,
    batch_size: int | None,
) -> None:
    """Extract facts from articles (.txt/.md/.html files or folders) and store them.

    A folder's articles.jsonl gives per-article published dates and titles. An article whose
    content (text, title, date) is already stored is skipped, so an interrupted run resumes;
    `--force` re-ingests it, replacing its facts. A file that cannot be read is reported and skipped.
    With `--server URL`, a running `kg serve` extracts and stores each article (POST /api/articles
    with its KG_API_TOKEN): the way to add news while the service runs.
    """
    from kg.rdf import content_hash  # noqa: PLC0415

    if server is not None:
        _ingest_through(server, token, paths, published, shard, force)
        return
    graph = _open(ctx)  # first, so a locked store fails before the model loads
    articles, skipped = _read(paths, published)
    articles = [a for a in articles if in_shard(a.id, shard)]
    unchanged = 0
    if not force:
        fresh = [a for a in articles if not graph.has_content(content_hash(a))]
        unchanged = len(articles) - len(fresh)
        articles = fresh
    stored = facts = 0
    for article, found in _extracted(articles, batch_size, processes):
        try:
            graph.add_article(article, found)
        except ValueError as exc:
            skipped.append((article.id, _one_line(exc)))
            continue
        stored += 1
        facts += len(found)
    for name, reason in skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    summary = f"ingested {_count(stored, 'article')}, {_count(facts, 'fact')}; skipped {len(skipped)}"
    if unchanged:
        summary += f"; already stored {unchanged} (--force re-ingests them)"
    click.echo(summary)


def _ingest_through(
    server: str,
    token: str | None,
    paths: tuple[Path, ...],
    published: str | None,
    shard: tuple[int, int] | None,
    force: bool,
) -> None:
    """`kg ingest --server`: each article posted to the running service (kg.server_ingest)."""
    from kg import server_ingest  # noqa: PLC0415

    if not token:
        raise click.UsageError("--server needs the server's write token: --token or KG_API_TOKEN")
    try:
        client = server_ingest.ServerIngest(server, token)
        read, skipped = _read_files(paths, published)
        read = [(path, a) for path, a in read if in_shard(a.id, shard)]
        unchanged = 0
        if not force:
            fresh = [(path, a) for path, a in read if not client.is_stored(a)]
            unchanged, read = len(read) - len(fresh), fresh
        stored = facts = 0
        for path, article in _with_progress(read, len(read)):
            try:
                answer = client.post(path, article)
            except server_ingest.ArticleRefused as exc:
                skipped.append((str(path), str(exc)))
                continue
            stored += 1
            facts += int(answer.get("count") or 0)
    except server_ingest.ServerError as exc:
        raise click.ClickException(str(exc)) from None
    for name, reason in skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    summary = f"ingested {_count(stored, 'article')}, {_count(facts, 'fact')} through {server}"
    summary += f"; skipped {len(skipped)}"
    if unchanged:
        summary += f"; already stored {unchanged} (--force re-ingests them)"
    click.echo(summary)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@cli.command()
@_PATHS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "ttl", "nq"]),
    default="jsonl",
    show_default=True,
    help="JSON lines in the fact contract form, Turtle of the article graphs, or N-Quads for `kg load`.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="One readable line per fact with the rule that made it and its sentence, instead of JSON.",
)
@_PUBLISHED
@_SHARD
@_PROCESSES
@_BATCH
def extract(
    paths: tuple[Path, ...],
    fmt: str,
    explain: bool,
    published: str | None,
    shard: tuple[int, int] | None,
    processes: int | None,
    batch_size: int | None,
) -> None:
    """Print the facts of articles to stdout without storing anything."""
    articles, skipped = _read(paths, published)
    articles = [a for a in articles if in_shard(a.id, shard)]
    for name, reason in skipped:
        click.echo(f"skipped {name}: {reason}", err=True)
    if skipped and not articles:
        raise click.ClickException(f"no article could be read ({len(skipped)} skipped)")
    if explain:
        from kg.evaluate import brief  # noqa: PLC0415

        for _article, found in _extracted(articles, batch_size, processes):
            for fact in found:
                click.echo(f"{brief(fact.to_dict(with_rule=True))}\n    {fact.evidence}")
        return
    if fmt == "nq":
        import pyoxigraph as ox  # noqa: PLC0415

        from kg.store.writes import article_quads  # noqa: PLC0415

        # The quads `kg ingest` would store (without the index counters: `kg load` recounts them).
        for article, found in _extracted(articles, batch_size, processes):
            data = ox.serialize(article_quads(article, found), format=ox.RdfFormat.N_QUADS)
            sys.stdout.buffer.write(data or b"")
        sys.stdout.flush()
        return
    if fmt == "jsonl":
        for _article, found in _extracted(articles, batch_size, processes):
            for fact in found:
                click.echo(json.dumps(fact.to_dict(), ensure_ascii=False))
        return
    from rdflib import Graph  # noqa: PLC0415

    from kg import rdf  # noqa: PLC0415

    # One Turtle document, the article graphs merged (`kg export --format trig` keeps graphs apart).
    merged = Graph()
    for article, found in _extracted(articles, batch_size, processes):
        part = rdf.article_graph(article, found)
        for prefix, namespace in part.namespaces():
            merged.bind(prefix, namespace, replace=True)
        merged += part
    click.echo(merged.serialize(format="turtle"), nl=False)


@cli.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Bulk-load N-Quads (.nq) or TriG (.trig) files, e.g. from `kg extract --format nq`.

    Much faster than `kg ingest` for big corpora; the index is counted as the files load (into a
    store without articles), else recounted afterwards. Graphs in the files are added to what is
    stored, not replaced.
    """
    import time  # noqa: PLC0415

    graph = _open(ctx)
    began = time.perf_counter()
    quads = graph.load([str(f) for f in files])
    seconds = max(time.perf_counter() - began, 1e-9)
    click.echo(
        f"loaded {quads} quads from {len(files)} files in {seconds:.1f} s ({quads / seconds:,.0f} quads/s)"
    )


@cli.command()
@click.pass_context
def recount(ctx: click.Context) -> None:
    """Rebuild the index (counters, link and degree counters, edge records) from the stored graphs.

    `kg load` does this after loading; run it after changing a store by other means (a SPARQL
    update sent to a remote store, a restored copy written by an older version).
    """
    import time  # noqa: PLC0415

    graph = _open(ctx)
    began = time.perf_counter()
    graph.recount()
    click.echo(f"recounted the index of {graph.location} in {time.perf_counter() - began:.1f} s")


@cli.command(name="eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--errors", type=click.IntRange(0), default=0, help="Show up to N false positives and negatives."
)
@click.option("--json", "as_json", is_flag=True, help="Also print the summary as one JSON line.")
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the extracted facts (JSON lines) to this file, e.g. for ../shared/tools/score_facts.py.",
)
def evaluate(corpus_dir: Path, errors: int, as_json: bool, predictions: Path | None) -> None:
    """Extract a corpus (its *.txt, articles.jsonl) and score it against its gold.jsonl: per-type and
    overall precision, recall and F1, date and modality accuracy, with the contract's matching rules."""
    from kg import evaluate as scoring  # noqa: PLC0415

    try:
        click.echo(scoring.main(corpus_dir, errors=errors, as_json=as_json, predictions_out=predictions))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output: an aligned table, JSON rows, or CSV.",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), default=None, help="Seconds (KG_QUERY_TIMEOUT)."
)
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str, timeout: float | None) -> None:
    """Run a SPARQL query (the text, or @FILE) over all graphs.

    Prefixes dip:, id:, graph:, rdfs:, skos:, xsd:, prov:, wd: and the like are predeclared.
    """
    if query.startswith("@"):
        try:
            query = Path(query[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"cannot read the query file {query[1:]}: {exc}") from None
    result = _open(ctx).sparql(query, timeout=timeout)
    if fmt == "json":
        click.echo(json.dumps(result.rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    else:
        click.echo(_table(result.columns, result.rows))


def _table(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """Rows as aligned text columns, with a row count."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts: articles, facts by type, entities by kind, triples per graph kind."""
    data = _open(ctx).stats()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for name, n in value.items():
                click.echo(f"  {name}: {n}")
        else:
            click.echo(f"{key}: {value}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="ttl",
    show_default=True,
    help="ttl merges all graphs; nq, trig and jsonld keep the named graphs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to FILE instead of stdout.",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Write the whole store as RDF."""
    data = _open(ctx).export(fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)


@cli.command()
@click.argument("article_id")
@click.pass_context
def delete(ctx: click.Context, article_id: str) -> None:
    """Remove an article and its facts from the store."""
    if not _open(ctx).delete_article(article_id):
        raise click.ClickException(f"no article {article_id!r} in the store")
    click.echo(f"deleted {article_id}")


@cli.group()
def reference() -> None:
    """The reference knowledge (countries, organisations, memberships, office holders)."""


@reference.command(name="load")
@click.pass_context
def reference_load(ctx: click.Context) -> None:
    """Reload ontology/reference into the reference graph (replacing it)."""
    count = _open(ctx).load_reference()
    click.echo(f"loaded {count} reference triples")


@cli.command()
@click.option("--host", default=None, help="Address to bind (KG_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port to listen on (KG_PORT).")
@click.option("--threads", type=click.IntRange(1), default=None, help="Worker threads (KG_THREADS).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, threads: int | None) -> None:
    """Serve the SPARQL endpoint, REST API and graph view with waitress."""
    import waitress  # noqa: PLC0415

    from api import create_app  # noqa: PLC0415

    store = ctx.obj.get("store") if ctx.obj else None
    app = create_app({"STORE": store} if store else None)
    host = host or settings.get("host")
    port = port or settings.get("port")
    wsgi = _access_log(app) if settings.get("access_log") else app
    # waitress warns "Task queue depth is N" whenever a page's assets arrive together and wait a few
    # milliseconds for a thread: ordinary use, not trouble. Keep it for debugging only.
    import logging  # noqa: PLC0415

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        # Bind first: "serving on" is printed only once the port is really ours.
        from api.security import WAITRESS_HEADER_BYTES  # noqa: PLC0415

        server = waitress.create_server(
            wsgi,
            host=host,
            port=port,
            threads=threads or settings.get("threads"),
            ident="",  # no `Server: waitress`: do not advertise the software to probes
            max_request_header_size=WAITRESS_HEADER_BYTES,  # the app answers the too-large ones in JSON
        )
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
            "choose another port with --port or KG_PORT (or another address with --host / KG_HOST)"
        ) from None
    if app.config.get("API_TOKEN"):  # writes are on: load the pipeline in the extraction workers now
        from kg.extract_workers import warm_up  # noqa: PLC0415

        config = app.config
        warm_up(config["EXTRACT_WORKERS"], config["EXTRACT_MEMORY"], str(settings.get("spacy_model")))
    click.echo(f"serving on http://{host}:{port}/ (store {app.extensions['kg'].location})", err=True)
    # A service manager stops the server with SIGTERM: end as on Ctrl-C, so that the store is
    # closed and the query snapshots beside it are removed.
    import signal  # noqa: PLC0415

    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        server.close()
        app.extensions["kg"].close()


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def backup(ctx: click.Context, target: Path) -> None:
    """Copy the directory store into TARGET (a new directory), consistently (Oxigraph's checkpoint).

    A store in use by `kg serve` is locked: back it up through the server instead
    (POST /api/backup, which writes under KG_BACKUP_DIR).
    """
    _open(ctx).backup(target)
    click.echo(f"backed up to {target}")


@cli.command()
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
def restore(ctx: click.Context, source: Path) -> None:
    """Make SOURCE (a `kg backup` directory) the store: the store location must be absent or empty."""
    import shutil  # noqa: PLC0415

    from kg.store import KnowledgeGraph  # noqa: PLC0415
    from kg.store.backends import StoreError  # noqa: PLC0415

    location = Path(str((ctx.obj or {}).get("store") or settings.get("store"))).expanduser()
    if str(location) == "memory:" or "://" in str(location):
        raise click.ClickException("restore needs a directory store (--store DIR)")
    if not (source / "CURRENT").exists():
        raise click.ClickException(f"{source} is not an Oxigraph store directory")
    if location.exists() and any(location.iterdir()):
        raise click.ClickException(f"{location} is not empty: restore into a new or empty --store")
    staging = location.with_name(location.name + ".restoring")
    shutil.copytree(source, staging)
    with KnowledgeGraph.open(str(staging)) as graph:  # proves the copy opens before it becomes the store
        count = graph.triples_count()
    if location.exists():
        location.rmdir()
    staging.rename(location)
    if not location.exists():
        raise StoreError(f"cannot move the restored store to {location}")
    click.echo(f"restored {count} triples into {location}")


def _access_log(app: Any) -> Any:
    """WSGI middleware printing one line per request to stderr: method, path, status, bytes, time."""
    import time  # noqa: PLC0415

    def logged(environ: dict[str, Any], start_response: Any) -> Any:
        started = time.perf_counter()
        seen: dict[str, str] = {}

        def recording_start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            seen["status"] = status.split(" ", 1)[0]
            seen["length"] = next((v for k, v in headers if k.lower() == "content-length"), "-")
            return start_response(status, headers, *rest)

        try:
            return app(environ, recording_start)
        finally:
            path = environ.get("PATH_INFO", "") + (
                "?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else ""
            )
            elapsed = (time.perf_counter() - started) * 1000
            print(
                f"{environ.get('REMOTE_ADDR', '-')} {environ.get('REQUEST_METHOD', '-')} {path} "
                f"{seen.get('status', '-')} {seen.get('length', '-')} {elapsed:.0f}ms",
                file=sys.stderr,
                flush=True,
            )

    return logged
