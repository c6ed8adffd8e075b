"""Batching, processes and very long articles through the extractor."""

from __future__ import annotations

import pytest

from kg.extract import Extractor, text_blocks
from kg.model import Article
from tests.conftest import DEV_CORPUS

PARAGRAPH = (
    "Iranian President Masoud Pezeshkian met Belarusian President Aleksandr Lukashenko in Minsk on Tuesday. "
    "Belarus joined the Shanghai Cooperation Organisation in July 2024.\n\n"
)


def test_text_blocks_cut_long_text_at_paragraphs_and_cover_it_all() -> None:
    text = PARAGRAPH * 2000  # about 340,000 characters
    blocks = text_blocks(text, limit=50_000)
    assert len(blocks) > 1
    assert "".join(block for _, block in blocks) == text
    assert all(text[offset : offset + len(block)] == block for offset, block in blocks)
    assert all(len(block) <= 50_000 for _, block in blocks)
    assert all(block.endswith("\n\n") for _, block in blocks[:-1])


def test_text_blocks_keep_an_ordinary_article_whole() -> None:
    assert text_blocks("A short article.") == [(0, "A short article.")]


@pytest.mark.model
def test_long_article_is_parsed_in_blocks_with_offsets_into_the_article(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Blocks of 1,000 characters stand in for the real 100,000 (an article over spaCy's
    # max_length of 1,000,000 characters takes minutes to parse on this machine).
    monkeypatch.setattr("kg.extract.BLOCK_CHARS", 1_000)
    text = PARAGRAPH * 60
    assert len(text_blocks(text)) > 5
    facts = extractor.extract(Article(id="long", text=text, published="2025-08-20"))
    types = [f.type for f in facts]
    assert {"meeting", "membership", "position"} <= set(types)
    assert types.count("membership") == 1  # the same relation in every block is one fact
    for fact in facts:
        start, end = fact.span
        assert text[start:end] == fact.evidence


@pytest.mark.model
def test_two_processes_give_the_same_facts_as_one(extractor: Extractor) -> None:
    from kg.text import read_corpus

    articles = [item.article for item in read_corpus([DEV_CORPUS]) if item.article][:4]
    one = [(a.id, sorted(f.id for f in facts)) for a, facts in extractor.pipe(articles, n_process=1)]
    two = [(a.id, sorted(f.id for f in facts)) for a, facts in extractor.pipe(articles, n_process=2)]
    assert one == two
    assert [a for a, _ in one] == [a.id for a in articles]
