"""Articles as pages: the list at /articles, each article's text with its facts' evidence marked in place,
and an upload form (/articles/new) that adds an article from the browser, protected by KG_API_TOKEN.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, NotFound, RequestEntityTooLarge
from werkzeug.wrappers import Response

from api import params
from api.errors import html_error
from kg import analytics, viz
from kg.model import Fact

bp = Blueprint("articles", __name__)

PAGE_SIZE = 50


def _kg() -> Any:
    return current_app.extensions["kg"]


bp.register_error_handler(HTTPException, html_error)  # pages answer errors as HTML


@bp.get("/articles")
def article_list() -> str:
    """Stored articles with title, date and fact count; `q` searches titles and ids."""
    params.reject_unknown(request.args, ("q", "offset"))
    q = params.text(request.args, "q")
    offset = params.integer(request.args, "offset", 0, 0, 10_000_000)
    kg = _kg()
    rows = kg.articles(limit=PAGE_SIZE, offset=offset, q=q)
    total = kg.count_articles(q=q)
    return render_template(
        "articles.html", rows=rows, q=q or "", total=total, offset=offset, page_size=PAGE_SIZE
    )


def evidence_segments(text: str, facts: list[Fact]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The text cut into plain and marked segments, each mark listing the facts whose evidence it holds.

    A fact's evidence is placed by its character span, or else found verbatim in the text; overlapping
    evidence merges into one mark. Returns the segments and, per fact id, the number of its mark.
    """
    located: list[tuple[int, int, str]] = []
    for fact in facts:
        span = fact.span
        if span is None or not (0 <= span[0] < span[1] <= len(text)):
            found = text.find(fact.evidence) if fact.evidence else -1
            span = (found, found + len(fact.evidence)) if found >= 0 else None
        if span is not None:
            located.append((span[0], span[1], fact.id))
    located.sort()
    marks: list[dict[str, Any]] = []
    for start, end, fact_id in located:
        if marks and start < marks[-1]["end"]:
            marks[-1]["end"] = max(marks[-1]["end"], end)
            marks[-1]["facts"].append(fact_id)
        else:
            marks.append({"start": start, "end": end, "facts": [fact_id]})
    segments: list[dict[str, Any]] = []
    where: dict[str, int] = {}
    cursor = 0
    for number, mark in enumerate(marks, 1):
        if mark["start"] > cursor:
            segments.append({"text": text[cursor : mark["start"]], "mark": None, "facts": []})
        segments.append({"text": text[mark["start"] : mark["end"]], "mark": number, "facts": mark["facts"]})
        where.update(dict.fromkeys(mark["facts"], number))
        cursor = mark["end"]
    if cursor < len(text):
        segments.append({"text": text[cursor:], "mark": None, "facts": []})
    return segments, where


def render_article(article_id: str) -> str:
    """An article's full text with each fact's evidence marked, and the facts beside it, linked both ways."""
    article_id = params.article_id(article_id)
    kg = _kg()
    record = kg.get_article(article_id)
    if record is None:
        raise NotFound(f"no article with id {article_id!r}")
    facts = kg.facts(article=article_id)
    segments, where = evidence_segments(record.get("text") or "", facts)
    rows = []
    for fact in facts:
        row = analytics.fact_record(fact)
        row["mark"] = where.get(fact.id)
        rows.append(row)
    rows.sort(key=lambda r: (r["mark"] is None, r["mark"] or 0))
    return render_template(
        "article.html",
        article=record,
        facts=rows,
        segments=segments,
        type_label=viz.type_label,
        added=request.args.get("added") == "1",
    )


@bp.get("/articles/new")
def upload_form() -> str:
    """The form to add an article (text or an uploaded file), with the API token as a field."""
    return render_template("article_new.html", error=None, form={}, writable=bool(_token()))


def _token() -> str:
    return str(current_app.config.get("API_TOKEN") or "")


@bp.post("/articles/new")
def upload() -> Response | tuple[str, int]:
    """Extract and store a posted article, then show it; the form again with the reason on a mistake."""
    form = request.form
    try:
        _check_form_token(form.get("token", ""))
        body = _form_body()
        from api.rest import _read_body  # noqa: PLC0415  (the API's reading of a posted article)

        article = _read_body(body)
    except (BadRequest, Forbidden, RequestEntityTooLarge) as exc:
        code = exc.code or 400
        kept = {k: form.get(k, "") for k in ("text", "published", "title", "id")}
        html = render_template("article_new.html", error=exc.description, form=kept, writable=bool(_token()))
        return html, code

    from kg.extract import Extractor  # noqa: PLC0415  (loads spaCy only when an article arrives)

    facts = Extractor.shared().extract(article)
    _kg().add_article(article, facts)
    current_app.logger.info("article %s added from the upload form: %d facts", article.id, len(facts))
    return redirect(url_for("pages.article", article_id=article.id, added=1), code=303)


def _check_form_token(given: str) -> None:
    expected = _token()
    if not expected:
        raise Forbidden("uploads are disabled: the server has no API token configured (set KG_API_TOKEN)")
    if not given.strip() or not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise Forbidden("wrong or missing API token")


def _form_body() -> dict[str, Any]:
    """The form as a POST /api/articles body: pasted text, or an uploaded .txt/.md/.html file."""
    form = request.form
    upload_file = request.files.get("file")
    body: dict[str, Any] = {}
    if upload_file is not None and upload_file.filename:
        raw = upload_file.read().decode("utf-8", "replace")
        is_html = upload_file.filename.lower().endswith((".html", ".htm"))
        body["html" if is_html else "text"] = raw
    elif form.get("text", "").strip():
        body["text"] = form["text"]
    else:
        raise BadRequest("paste the article's text or choose a file")
    for name in ("published", "title", "id"):
        value = form.get(name, "").strip()
        if value:
            body[name] = value
    return body
