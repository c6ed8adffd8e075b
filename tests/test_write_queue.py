"""Writes through extraction workers: a large article does not hold up small ones, an article past its
time or memory budget is refused with a JSON error and nothing stored, and text that is not prose (or
has no sentence ends) gets a fast answer instead of minutes of parsing."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import pytest

from kg.text import ArticleError, check_prose
from tests.conftest import API_TOKEN

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}

# Sentences written for these tests; a large article repeats them in shuffled order.
SENTENCES = (
    "The foreign minister of Norway met the ambassador of Chile in Oslo on Tuesday.",
    "Both sides discussed fishing quotas and a new agreement on maritime research.",
    "Later the delegation travelled to Bergen, where port officials showed them the harbour.",
    "Chile and Norway said they would meet again in Santiago before the end of the year.",
    "The talks were described by a spokesman as open and constructive.",
)


def prose(chars: int, seed: int = 7, separator: str = " ") -> str:
    """About `chars` characters of the sentences above, in paragraphs of five."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        paragraph = separator.join(rng.sample(SENTENCES, len(SENTENCES)))
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)


def make_app(**config: Any) -> Any:
    from api import create_app

    return create_app({"TESTING": True, "STORE": "memory:", "API_TOKEN": API_TOKEN, **config})


def post(app: Any, text: str, article_id: str) -> tuple[Any, float]:
    """POST an article; the response and the time it took."""
    started = time.monotonic()
    response = app.test_client().post(
        "/api/articles", json={"text": text, "id": article_id, "published": "2025-03-04"}, headers=AUTH
    )
    return response, time.monotonic() - started


def error_detail(response: Any, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert set(body) == {"error", "detail"}, body
    return str(body["detail"])


def stored(app: Any, article_id: str) -> bool:
    return app.test_client().get(f"/api/articles/{article_id}").status_code == 200


@pytest.fixture()
def app():
    application = make_app(EXTRACT_TIMEOUT=120.0)
    yield application
    application.extensions["kg"].close()


# --- the checks before extraction ----------------------------------------------------------------------


def test_prose_passes_the_prose_check() -> None:
    check_prose(prose(5000))
    check_prose("Talks resumed on 4 March 2025 after a pause of 18 months, officials said.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0412 7781 0093 1187 " * 200, "letters"),
        ("QmVsYXJ1cyBhbmQgSXJhbiBzaWduZWQgYSB0cmVhdHk" * 100, "without a space"),
        ("".join(chr(random.Random(3).randint(0x100, 0x2FFF)) for _ in range(5000)), "prose"),
    ],
)
def test_text_that_is_not_prose_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ArticleError, match=reason):
        check_prose(text)


@pytest.mark.model
def test_no_sentence_is_longer_than_the_cap(extractor) -> None:
    from kg.nlp.sentence_cap import MAX_SENTENCE_TOKENS

    # A single line of words with no sentence end anywhere.
    words = prose(20_000).replace(".", "").replace("\n", " ")
    doc = extractor.nlp(words)
    lengths = [len(sentence) for sentence in doc.sents]
    assert len(doc) > 3 * MAX_SENTENCE_TOKENS
    assert max(lengths) <= MAX_SENTENCE_TOKENS


# --- the service -------------------------------------------------------------------------------------


@pytest.mark.model
def test_small_article_is_stored_while_large_ones_are_still_extracted(app) -> None:
    response, _ = post(app, SENTENCES[0], "warm-up")  # the workers have their pipeline loaded
    assert response.status_code == 201, response.get_json()
    large: dict[str, Any] = {}

    def post_large(article_id: str, seed: int) -> None:
        large[article_id], _ = post(app, prose(150_000, seed=seed), article_id)
        large[f"{article_id} done"] = time.monotonic()

    # Two large articles for two workers: one waits for the large slot, one worker stays free.
    threads = [threading.Thread(target=post_large, args=(f"large-{n}", n)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the large articles are with a worker or waiting for the large slot
    small, small_seconds = post(app, " ".join(SENTENCES), "small")
    small_done = time.monotonic()
    assert small.status_code == 201, small.get_json()
    assert small.get_json()["count"] > 0
    assert stored(app, "small")
    assert not large, "a large article finished first: the test proves nothing"
    for thread in threads:
        thread.join(timeout=300)
    for article_id in ("large-1", "large-2"):
        assert large[article_id].status_code == 201, large[article_id].get_json()
        assert large[f"{article_id} done"] - small_done > 1.0
        assert stored(app, article_id)
    assert small_seconds < 10


@pytest.mark.model
def test_article_past_the_time_budget_is_refused_and_the_service_goes_on(app) -> None:
    app.config["EXTRACT_TIMEOUT"] = 1.0
    before = app.test_client().get("/api/articles").get_json()["total"]
    response, seconds = post(app, prose(300_000), "too-long")
    assert "KG_EXTRACT_TIMEOUT" in error_detail(response, 422)
    assert seconds < 30
    assert not stored(app, "too-long")
    assert app.test_client().get("/api/articles").get_json()["total"] == before
    app.config["EXTRACT_TIMEOUT"] = 60.0
    response, _ = post(app, " ".join(SENTENCES), "after-timeout")
    assert response.status_code == 201, response.get_json()
    assert stored(app, "after-timeout")


@pytest.mark.model
def test_article_past_the_memory_cap_is_refused(app) -> None:
    from kg.extract_workers import close_pools

    # Below what a worker holds once its pipeline is loaded: its first sizeable allocation fails.
    app.config["EXTRACT_MEMORY"] = 200_000_000
    try:
        response, _ = post(app, prose(60_000), "too-big")
        assert "KG_EXTRACT_MEMORY" in error_detail(response, 422)
        assert not stored(app, "too-big")
    finally:
        close_pools()
    app.config["EXTRACT_MEMORY"] = 2_000_000_000
    response, _ = post(app, " ".join(SENTENCES), "after-memory")
    assert response.status_code == 201, response.get_json()


@pytest.mark.model
def test_random_unicode_gets_a_fast_refusal(app) -> None:
    rng = random.Random(11)
    noise = "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(500_000))
    response, seconds = post(app, noise, "noise")
    assert "not look like prose" in error_detail(response, 422)
    assert seconds < 10
    assert not stored(app, "noise")


@pytest.mark.model
def test_single_line_without_sentence_ends_is_answered_within_the_budget(app) -> None:
    app.config["EXTRACT_TIMEOUT"] = 3.0
    line = prose(2_000_000).replace(".", "").replace("\n", " ")
    response, seconds = post(app, line, "one-line")
    assert "KG_EXTRACT_TIMEOUT" in error_detail(response, 422)
    assert seconds < 30
    assert not stored(app, "one-line")
