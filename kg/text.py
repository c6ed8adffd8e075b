"""Article intake: bytes or files (txt, Markdown, HTML) in, clean main text with headline and dateline out.

The extractor reads `Article.text`: the body only, boilerplate removed (patterns in kg/data/boilerplate.txt),
the headline kept apart in `Article.title` (headlines are elliptical, not sentences) and the dateline
prefix ("ASTANA, July 3 (Reuters) -") parsed into `dateline_place` / `dateline_date` and cut from the text.
Bad input raises `ArticleError` with a message fit for a user; doubtful input adds to `Article.warnings`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from kg import settings
from kg.cleaning import (
    Dateline,
    boilerplate_patterns,
    clean_text,
    is_boilerplate,
    looks_english,
    looks_like_headline,
    parse_dateline,
    split_title,
)
from kg.dates import parse_published
from kg.model import Article, slugify

__all__ = [
    "ArticleError",
    "CorpusItem",
    "Dateline",
    "boilerplate_patterns",
    "check_prose",
    "clean_text",
    "guess_format",
    "html_to_text",
    "is_boilerplate",
    "looks_english",
    "looks_like_headline",
    "markdown_to_text",
    "parse_dateline",
    "read_article",
    "read_corpus",
    "split_title",
]

FORMATS = ("txt", "md", "html")
SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
METADATA_FILE = "articles.jsonl"


class ArticleError(ValueError):
    """The input cannot be read as an article; the message says why, for the user."""


@dataclass
class CorpusItem:
    """One file of a corpus walk: its article, or the reason it was skipped."""

    path: Path
    article: Article | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None


# ------------------------------------------------------------------------------------ formats


def _inline_text(children: list) -> str:
    parts = []
    for child in children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts).strip()


def markdown_to_text(markdown: str) -> tuple[str, str | None]:
    """(plain text, first level-1 heading): links keep their text; images, code, subheadings drop."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    blocks: list[str] = []
    title = None
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener = tokens[index - 1] if index else None
        text = _inline_text(token.children or [])
        if opener is not None and opener.type == "heading_open":
            if opener.tag == "h1" and title is None and not blocks:
                title = text
            continue  # subheadings are elliptical, like headlines
        if text:
            blocks.append(text)
    return "\n\n".join(blocks), title


class _HtmlResult(NamedTuple):
    text: str
    title: str | None
    date: str | None


def html_to_text(html: str) -> _HtmlResult:
    """Main text of a news page via trafilatura (navigation, ads, comments and footers left out)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    data: dict[str, Any] = doc if isinstance(doc, dict) else (doc.as_dict() if doc is not None else {})
    text = str(data.get("text") or "")
    if not text.strip():
        raise ArticleError("no main text found in the HTML page")
    return _HtmlResult(text, data.get("title") or None, data.get("date") or None)


def guess_format(text: str, path: Path | None = None) -> str:
    """ "html", "md" or "txt" from the file suffix, else from the content."""
    if path is not None and path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    head = text[:4000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(body|article|p|div)\b", head):
        return "html"
    md_marks = r"^#{1,6} \S|^```|\[[^\]\n]+\]\([^)\s]+\)|^\s*[-*] \S|\*\*\S"
    if len(re.findall(md_marks, text[:4000], re.MULTILINE)) >= 2:
        return "md"
    return "txt"


# ------------------------------------------------------------------------------------ decoding


def _decode(data: bytes, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else UTF-8 with replacement; warns on the last two.

    Windows-1252 comes before replacement because it is by far the commonest legacy encoding of English
    news, and a clean cp1252 decode loses nothing; it is a superset of Latin-1 for printable text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError("looks like binary data, not text") from None
    if b"\x00" in data:
        raise ArticleError("looks like binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        warnings.append("not valid UTF-8; decoded as Windows-1252 (Latin-1)")
        return text
    except UnicodeDecodeError:
        warnings.append("not valid UTF-8; decoded with replacement")
        return data.decode("utf-8", errors="replace")


def _check_text(text: str) -> None:
    if not text.strip():
        raise ArticleError("article is empty")
    sample = text[:65536]
    odd = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    if odd > max(2, len(sample) * 0.05):
        raise ArticleError("looks like binary data, not text")


# Prose has words: letters make up most of what is not space, and few runs without a space are long.
# Random Unicode, base64, hex dumps and minified data fail one of the two, and would otherwise cost
# the extractor minutes for nothing.
MIN_LETTER_SHARE = 0.5
LONG_RUN_CHARS = 60
MAX_LONG_RUN_SHARE = 0.25
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_SPACES = re.compile(r"\s+")
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN_CHARS + 1},}}")


def check_prose(text: str) -> None:
    """Raise ArticleError unless `text` reads like prose: mostly letters, in words between spaces."""
    visible = len(_SPACES.sub("", text))
    if not visible:
        raise ArticleError("article is empty")
    letters = len(_NOT_LETTERS.sub("", text))
    if letters < visible * MIN_LETTER_SHARE:
        raise ArticleError(
            f"does not look like prose: only {letters / visible:.0%} of its characters are letters"
        )
    long_runs = sum(len(m) for m in _LONG_RUN.findall(text))
    if long_runs > visible * MAX_LONG_RUN_SHARE:
        raise ArticleError(
            f"does not look like prose: {long_runs / visible:.0%} of it is runs of more than "
            f"{LONG_RUN_CHARS} characters without a space"
        )


def _check_size(size: int) -> None:
    limit = int(settings.get("max_article_bytes"))
    if size > limit:
        raise ArticleError(f"article is {size:,} bytes, over the limit of {limit:,} (KG_MAX_ARTICLE_BYTES)")


def _normalise_published(published: str | None) -> str | None:
    if published is None or published == "":
        return None
    day = parse_published(published)
    if day is None:
        raise ArticleError(f"published date {published!r} is not an ISO date (YYYY-MM-DD)")
    return day.isoformat()


# ------------------------------------------------------------------------------------- intake


def read_article(
    source: Path | bytes | str,
    *,
    article_id: str | None = None,
    published: str | None = None,
    fmt: str | None = None,
    title: str | None = None,
) -> Article:
    """Read one article: a file (`Path`), raw bytes, or its text (`str`, never a file name).

    `fmt` is "txt", "md" or "html" (guessed from the suffix or content when None). Raises ArticleError
    for empty, binary, oversized or unreadable input.
    """
    warnings: list[str] = []
    path = source if isinstance(source, Path) else None
    if path is not None:
        try:
            _check_size(path.stat().st_size)
            data: bytes | str = path.read_bytes()
        except OSError as exc:
            raise ArticleError(f"cannot read {path}: {exc.strerror or exc}") from None
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str):
        data = source
    else:
        raise ArticleError(f"cannot read an article from a {type(source).__name__}")
    if isinstance(data, bytes):
        _check_size(len(data))
        if not data.strip():
            raise ArticleError("article is empty")
        raw = _decode(data, warnings)
    else:
        _check_size(len(data.encode("utf-8", errors="surrogatepass")))
        raw = data.encode("utf-8", errors="replace").decode("utf-8")
    _check_text(raw)
    published = _normalise_published(published)

    fmt = (fmt or guess_format(raw, path)).lower()
    if fmt not in FORMATS:
        raise ArticleError(f"unknown article format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "html":
        page = html_to_text(raw)
        body, title = page.text, title or page.title
        if published is None and page.date:
            published = _normalise_published(page.date[:10]) if parse_published(page.date) else None
    elif fmt == "md":
        body, heading = markdown_to_text(raw)
        title = title or heading
    else:
        body = raw

    text = clean_text(body)
    if not text:
        raise ArticleError("article has no text besides boilerplate")
    title, text = split_title(text, title, guess=fmt == "txt")
    dateline = parse_dateline(text, published)
    if dateline is not None and text[dateline.end :].strip():
        text = text[dateline.end :].lstrip()
        _check_dateline_date(dateline, published, warnings)
    else:
        dateline = None
    if not looks_english(text):
        warnings.append("does not look like English; extraction may find nothing")
    return Article(
        id=article_id or _default_id(path, title, text),
        text=text,
        published=published,
        title=title,
        source=str(path) if path is not None else None,
        dateline_place=dateline.place if dateline else None,
        warnings=warnings,
        dateline=dateline.raw if dateline else None,
        dateline_date=dateline.date if dateline else None,
    )


def _check_dateline_date(dateline: Dateline, published: str | None, warnings: list[str]) -> None:
    if dateline.date and published and len(dateline.date) == 10:
        gap = abs((date.fromisoformat(dateline.date) - date.fromisoformat(published)).days)
        if gap > 3:
            warnings.append(
                f"dateline date {dateline.date} is {gap} days from the published date {published}"
            )


def _default_id(path: Path | None, title: str | None, text: str) -> str:
    if path is not None:
        return path.stem
    if title:
        return slugify(title)[:80]
    return "article-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# ------------------------------------------------------------------------------------- corpora


def _metadata(folder: Path) -> tuple[dict[str, dict], str | None]:
    """Per-article published dates and titles from a folder's articles.jsonl, and an error if bad."""
    file = folder / METADATA_FILE
    if not file.is_file():
        return {}, None
    entries: dict[str, dict] = {}
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"cannot read {file}: {exc}"
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            entries[str(entry["article"])] = entry
        except (ValueError, KeyError, TypeError):
            return entries, f'{file} line {number}: not a JSON object with an "article" key'
    return entries, None


def _walk(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def read_corpus(paths: Iterable[Path], published: str | None = None) -> Iterator[CorpusItem]:
    """Every article under `paths` (files and folders, sorted), one CorpusItem per file.

    A folder's articles.jsonl ({"article", "published", "title"}) supplies dates and titles; `published`
    is the fallback. Failures come back as items with `error` set, so a caller reports them and goes on.
    """
    folders: dict[Path, dict[str, dict]] = {}
    for path in _walk(paths):
        folder = path.parent
        if folder not in folders:
            folders[folder], problem = _metadata(folder)
            if problem:
                yield CorpusItem(folder / METADATA_FILE, error=problem)
        meta = folders[folder].get(path.stem, {})
        try:
            article = read_article(
                path,
                article_id=path.stem,
                published=meta.get("published") or published,
                title=meta.get("title"),
            )
        except ArticleError as exc:
            yield CorpusItem(path, error=str(exc))
            continue
        yield CorpusItem(path, article=article)
