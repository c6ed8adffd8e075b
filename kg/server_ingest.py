"""`kg ingest --server URL`: articles sent to a running `kg serve`, which extracts and stores them.

The store of a running service is locked by it, so a second process cannot write to it; the
service's own write API can (POST /api/articles with its bearer token, one article per request,
each extracted in the server's workers and stored in one transaction). Each file goes as it is on
disk, with the id, date and title `kg ingest` would give it, so the server reads the same article
and an unchanged one is recognised by its content hash (asked through the server's /sparql) and
skipped: an interrupted run resumes.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model import Article
from kg.rdf import content_hash
from kg.text import guess_format
from kg.vocab import DIP

RETRIES = 5  # times a busy server (503 with Retry-After) is asked again for one article
LONGEST_WAIT = 60.0  # seconds between two tries at most, whatever Retry-After says


class ServerError(Exception):
    """The server cannot be used at all (unreachable, wrong token, writes disabled): stop the run."""


class ArticleRefused(Exception):
    """The server refused one article (e.g. not prose, too large): report it and go on."""


@dataclass
class ServerIngest:
    base: str
    token: str
    timeout: float = 900.0

    def __post_init__(self) -> None:
        self.base = self.base.rstrip("/")
        if urllib.parse.urlsplit(self.base).scheme not in ("http", "https"):
            raise ServerError(f"--server must be an http(s) URL, got {self.base!r}")

    def is_stored(self, article: Article) -> bool:
        """Whether the server's store holds an article with this content (its content hash)."""
        query = f'ASK {{ GRAPH ?g {{ ?a <{DIP.contentHash}> "{content_hash(article)}" }} }}'
        url = f"{self.base}/sparql?{urllib.parse.urlencode({'query': query})}"
        accept = {"Accept": "application/sparql-results+json"}
        _, body = self._send(urllib.request.Request(url, headers=accept))
        return bool(body.get("boolean"))

    def post(self, path: Path, article: Article) -> dict[str, Any]:
        """Store one article through POST /api/articles; the server's answer (id, count, facts)."""
        raw = path.read_bytes().decode("utf-8", errors="replace")
        fmt = guess_format(raw, path)
        body: dict[str, Any] = {"html": raw} if fmt == "html" else {"text": raw, "format": fmt}
        body.update(id=article.id, published=article.published, title=article.title)
        data = json.dumps({k: v for k, v in body.items() if v is not None}).encode("utf-8")
        request = urllib.request.Request(
            f"{self.base}/api/articles",
            data=data,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        for attempt in range(RETRIES + 1):
            status, answer = self._send(request, busy_ok=attempt < RETRIES)
            if status != 503:
                return answer
            time.sleep(min(float(answer.get("retry_after") or 10), LONGEST_WAIT))
        raise ArticleRefused("the server stayed busy")  # not reached: the last try raises

    def _send(self, request: urllib.request.Request, busy_ok: bool = False) -> tuple[int, dict[str, Any]]:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            answer = _error_body(exc)
            reason = answer.get("detail") or answer.get("error") or exc.reason
            if exc.code in (401, 403):
                raise ServerError(f"{self.base} refused the write ({exc.code}): {reason}") from None
            if exc.code == 503 and busy_ok:
                return 503, {"retry_after": exc.headers.get("Retry-After")}
            if exc.code == 429:
                raise ServerError(f"{self.base} refused the write ({exc.code}): {reason}") from None
            if exc.code >= 500:
                raise ServerError(f"{self.base} failed ({exc.code}): {reason}") from None
            raise ArticleRefused(f"{exc.code} {reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServerError(f"cannot reach {self.base}: {reason}") from None


def _error_body(exc: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        answer = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        return {}
    return answer if isinstance(answer, dict) else {}
