"""Properties of the extractor on arbitrary input: it never raises, and whatever it emits fits the
fact contract; `pipe` goes on past bad articles and keeps their order."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import Extractor
from kg.model import ENTITY_KINDS, FACT_TYPES, MODALITIES, SYMMETRIC_TYPES, Article, Fact

pytestmark = pytest.mark.model

ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# Words of news writing, so that generated text also reaches the relation rules, not only the tokenizer.
NEWS_WORDS = [
    "Putin", "Lukashenko", "Pezeshkian", "Iranian", "President", "visited", "met", "signed", "an",
    "agreement", "with", "the", "Kremlin", "Minsk", "Tehran", "Belarus", "Iran", "Russia", "Türkiye",
    "on", "Tuesday", "last", "year", "in", "March", "2024", "exported", "$5 billion", "to", "from",
    "NATO", "EAEU", "sanctions", "imposed", "accused", "of", "will", "not", "If", "Will", "and",
    "his", "counterpart", "drones", "supplied", "joined", "war", ".", ",", "?", "\n\n", "'s",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(NEWS_WORDS), max_size=60).map(" ".join),
    st.text(alphabet=".,;:!?-\u2014\u2019\"'()[]\u00ab\u00bb \n", max_size=200),
    st.sampled_from(["", " ", "\n\n\t", "\u200b", "\ufeff."]),
    st.integers(min_value=1000, max_value=20000).map(lambda n: "Iran" + "x" * n + " visited Belarus."),
)


def check_fact(fact: Fact, text: str) -> None:
    assert fact.type in FACT_TYPES and fact.modality in MODALITIES
    assert 0.0 <= fact.confidence <= 1.0
    assert fact.subject is not None or fact.object is not None
    for entity in (fact.subject, fact.object):
        assert entity is None or (entity.kind in ENTITY_KINDS and entity.label and entity.id)
    assert fact.date is None or ISO_DATE.fullmatch(fact.date), fact.date
    assert fact.evidence and fact.evidence in text
    if fact.span is not None:
        start, end = fact.span
        assert 0 <= start < end <= len(text) and fact.evidence in text[start:end]
    if fact.type in SYMMETRIC_TYPES and fact.subject and fact.object:
        assert fact.subject.id != fact.object.id, "symmetric self-loop"
    data = json.loads(json.dumps(fact.to_dict()))
    assert Fact.from_dict(data).to_dict() == data


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=st.sampled_from([None, "2025-08-20", "2024-02-29"]))
def test_any_text_yields_contract_facts(extractor: Extractor, text: str, published: str | None) -> None:
    for fact in extractor.extract(Article(id="prop", text=text, published=published)):
        assert fact.article == "prop"
        check_fact(fact, text)


def test_known_sentence_passes_the_property_checks(extractor: Extractor) -> None:
    # The checks above must have facts to bite on: a sentence rich in relations.
    text = (
        "Iranian President Masoud Pezeshkian met Lukashenko in Minsk on Tuesday. "
        "Iran supplied drones to Russia."
    )
    facts = extractor.extract(Article(id="prop", text=text, published="2025-08-20"))
    assert {"meeting", "military_aid", "position"} <= {f.type for f in facts}
    for fact in facts:
        check_fact(fact, text)


def test_pipe_goes_on_past_bad_articles_in_order(extractor: Extractor) -> None:
    articles = [
        Article(id="good-1", text="Iran supplied Shahed drones to Russia.", published="2025-08-20"),
        Article(id="blank", text=" \n\t \n", published="2025-08-20"),
        Article(
            id="russian",
            text="Президент Беларуси Александр Лукашенко встретился с президентом Ирана в Минске.",
            published="2025-08-20",
        ),
        Article(id="no-date", text="Russia invaded Ukraine in February 2022.", published=None),
        Article(id="good-2", text="Belarus joined the SCO in July 2024.", published="2025-08-20"),
    ]
    results = list(extractor.pipe(articles, batch_size=2, n_process=1))
    assert [a.id for a, _ in results] == [a.id for a in articles]
    by_id = {a.id: facts for a, facts in results}
    assert by_id["blank"] == [] and by_id["russian"] == []
    assert [f.type for f in by_id["good-1"]] == ["military_aid"]
    assert [(f.type, f.date) for f in by_id["no-date"]] == [("conflict", "2022-02")]
    assert [f.type for f in by_id["good-2"]] == ["membership"]
    for article, facts in results:
        for fact in facts:
            assert fact.article == article.id
            check_fact(fact, article.text)
    # Batching changes nothing: the same facts as one article at a time.
    assert [f.to_dict() for f in by_id["good-2"]] == [f.to_dict() for f in extractor.extract(articles[-1])]
