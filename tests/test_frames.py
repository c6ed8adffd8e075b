"""Frame patterns as data (kg/data/frames.toml): parsing, checks, and matching on hand-built Docs
(words, heads, deps, entities), no trained model."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.model import Entity
from kg.nlp.args import Arguments
from kg.nlp.components import register_extensions
from kg.nlp.mentions import Mention
from kg.nlp.readers.frames import FrameMatcher, frames, parse_frames

VOCAB = spacy.blank("en").vocab
register_extensions()  # Doc._.mentions
LEX = {"accusation": {"allege_verbs": ["allege", "charge"]}}
ALLEGED = {
    "accusation": [
        {
            "name": "alleged_that",
            "pattern": [
                {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": ["@accusation.allege_verbs"]}}},
                {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": "nsubj"}},
                {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "topic", "RIGHT_ATTRS": {"DEP": "ccomp"}},
                {"LEFT_ID": "topic", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "nsubj"}},
            ],
        }
    ]
}


def test_word_list_references_are_taken_from_the_lexicon() -> None:
    (frame,) = parse_frames(ALLEGED, LEX)
    assert frame.name == "accusation.frame/alleged_that" and frame.fact_type == "accusation"
    assert frame.pattern[0]["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["allege", "charge"]


def test_bad_frames_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown fact type"):
        parse_frames({"friendship": ALLEGED["accusation"]}, LEX)
    no_subject = {"accusation": [{"name": "x", "pattern": [ALLEGED["accusation"][0]["pattern"][0]]}]}
    with pytest.raises(ValueError, match="needs a 'trigger' and a 'subject'"):
        parse_frames(no_subject, LEX)
    with pytest.raises(ValueError, match="two frames named"):
        parse_frames({"accusation": ALLEGED["accusation"] * 2}, LEX)


def test_the_projects_frames_load_and_name_their_types() -> None:
    loaded = frames()
    assert {f.fact_type for f in loaded} >= {"accusation", "meeting"}
    assert all(f.name.startswith(f"{f.fact_type}.frame/") for f in loaded)


def _country(doc: Doc, i: int, label: str, code: str) -> Mention:
    return Mention(i, i + 1, Entity(label, "country", country=code), "test")


def test_a_frame_reads_its_ends_off_a_parse() -> None:
    # "Peru alleged that Chile rigged the vote ."
    doc = Doc(
        VOCAB,
        words=["Peru", "alleged", "that", "Chile", "rigged", "the", "vote", "."],
        heads=[1, 1, 4, 4, 1, 6, 4, 1],
        deps=["nsubj", "ROOT", "mark", "nsubj", "ccomp", "det", "dobj", "punct"],
        pos=["PROPN", "VERB", "SCONJ", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["Peru", "allege", "that", "Chile", "rig", "the", "vote", "."],
        sent_starts=[True, False, False, False, False, False, False, False],
    )
    doc._.mentions = [_country(doc, 0, "Peru", "PER"), _country(doc, 3, "Chile", "CHL")]
    matcher = FrameMatcher(VOCAB, parse_frames(ALLEGED, LEX))
    (cand,) = matcher.candidates(doc, Arguments(doc))[0]
    assert (cand.type, cand.subject.entity.label, cand.object.entity.label) == ("accusation", "Peru", "Chile")
    assert cand.trigger.text == "alleged" and cand.rule == "accusation.frame/alleged_that"
    assert cand.attributes["topic"] == "that Chile rigged the vote"
    # the same words without the clause: no match
    flat = Doc(
        VOCAB,
        words=["Peru", "alleged", "fraud", "."],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "VERB", "NOUN", "PUNCT"],
        lemmas=["Peru", "allege", "fraud", "."],
    )
    flat._.mentions = [_country(flat, 0, "Peru", "PER")]
    assert matcher.candidates(flat, Arguments(flat)) == {}
