"""The reader registry: one reader per fact type, rules that name real lexicon lists, and dispatch that
wakes exactly the rules a word triggers (hand-built tokens, no trained model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.fact_types import FACT_TYPES
from kg.nlp.lexicon import triggers
from kg.nlp.readers.registry import WordTrigger, readers, rules

VOCAB = spacy.blank("en").vocab


def test_every_fact_type_has_one_reader_module_of_its_name() -> None:
    found = readers()
    assert set(found) == set(FACT_TYPES)
    for fact_type, cls in found.items():
        assert cls.__module__ == f"kg.nlp.readers.{fact_type}"


def test_rules_come_in_fact_type_order_with_unique_names() -> None:
    registered = rules()
    order = [FACT_TYPES.index(r.fact_type) for r in registered]
    assert order == sorted(order)
    names = [(r.name, r.trigger) for r in registered]
    assert len(names) == len(set(names))
    assert all(r.name.startswith(f"{r.fact_type}.") for r in registered)


def test_every_trigger_names_lists_the_lexicon_has() -> None:
    lex = triggers()
    for rule in rules():
        trigger = rule.trigger
        if trigger is None:
            continue
        assert trigger.verbs or trigger.nouns or trigger.also, rule.name
        for key in (*trigger.verbs, *trigger.nouns):
            assert lex[trigger.section][key], f"{rule.name}: {trigger.section}.{key} is empty"


def test_sentence_rules_are_the_readers_of_whole_sentences() -> None:
    assert {r.name for r in rules() if r.trigger is None} == {
        "visit.presence",
        "visit.attendance",
        "position.positions",
    }


def _token(word: str, pos: str, lemma: str):
    doc = Doc(VOCAB, words=["They", word, "it"], pos=["PRON", pos, "PRON"], lemmas=["they", lemma, "it"])
    return doc[1]


def _woken_by_words(reader, token) -> set[str]:
    """Names of the rules whose word lists take `token`, found by walking every rule."""
    lex = reader.lex
    found = set()
    for rule in rules():
        trigger = rule.trigger
        if trigger is None:
            continue
        is_verb = token.pos_ in ("VERB", "AUX")
        is_noun = token.pos_ in ("NOUN", "PROPN")
        if (is_verb and token.lemma_ in trigger.words(lex, trigger.verbs)) or (
            is_noun and {token.lemma_, token.lower_} & trigger.words(lex, trigger.nouns)
        ):
            found.add(rule.name)
    return found


def test_dispatch_index_wakes_the_rules_of_the_word_and_its_part_of_speech() -> None:
    from kg.nlp.relations import RelationReader
    from kg.reference import load_reference

    reader = RelationReader(load_reference())
    for word, pos, lemma in [
        ("visited", "VERB", "visit"),
        ("sanctions", "NOUN", "sanction"),
        ("accused", "VERB", "accuse"),
        ("talks", "NOUN", "talk"),
        ("signed", "VERB", "sign"),
    ]:
        token = _token(word, pos, lemma)
        is_verb = pos == "VERB"
        indexed = set(reader._by_verb.get(lemma, ())) if is_verb else set()
        if not is_verb:
            indexed = set(reader._by_noun.get(lemma, ())) | set(reader._by_noun.get(word, ()))
        names = {reader._token_rules[n][0].name for n in indexed}
        assert names == _woken_by_words(reader, token)
        assert names, word
    # a verb's lemma does not wake a noun rule and the other way round
    assert "visit.visits" in {reader._token_rules[n][0].name for n in reader._by_verb["visit"]}
    assert "sanction.sanctions" in {reader._token_rules[n][0].name for n in reader._by_noun["sanctions"]}
    assert "accusation.accusations" not in {
        reader._token_rules[n][0].name for n in reader._by_noun.get("accuse", [])
    }


def test_a_word_trigger_reads_words_from_its_section() -> None:
    lex = {"visit": {"verbs": ["visit", "tour"], "nouns": ["trip"]}}
    trigger = WordTrigger("visit", verbs=("verbs",), nouns=("nouns",))
    assert trigger.words(lex, trigger.verbs) == {"visit", "tour"}
    assert trigger.words(lex, trigger.nouns) == {"trip"}


def test_reader_marks_refuse_an_unknown_type_and_a_second_reader() -> None:
    import pytest

    from kg.nlp.readers.registry import reader

    rules()  # the package's readers are registered
    with pytest.raises(ValueError, match="unknown fact type"):
        reader("friendship")
    with pytest.raises(ValueError, match="two readers of visit"):

        @reader("visit")
        class AnotherVisitReader:
            pass


def test_structural_triggers_take_their_shapes_only() -> None:
    from kg.nlp.readers.cooperation import _joint_object, _war_games
    from kg.nlp.readers.sanction import _restrictive_measure

    lex = triggers()
    # "EU imposed restrictive measures" / "EU imposed new measures"
    for adjective, expected in (("restrictive", True), ("new", False)):
        doc = Doc(
            VOCAB,
            words=["EU", "imposed", adjective, "measures"],
            heads=[1, 1, 3, 1],
            deps=["nsubj", "ROOT", "amod", "dobj"],
            pos=["PROPN", "VERB", "ADJ", "NOUN"],
            lemmas=["EU", "impose", adjective, "measure"],
        )
        assert _restrictive_measure(doc[3], lex) is expected
    # "They held joint patrols" wakes cooperation; "They signed a joint statement" is the agreement's
    for noun, lemma, expected in (("patrols", "patrol", True), ("statement", "statement", False)):
        doc = Doc(
            VOCAB,
            words=["They", "held", "joint", noun],
            heads=[1, 1, 3, 1],
            deps=["nsubj", "ROOT", "amod", "dobj"],
            pos=["PRON", "VERB", "ADJ", "NOUN"],
            lemmas=["they", "hold", "joint", lemma],
        )
        assert _joint_object(doc[3], lex) is expected
    doc = Doc(
        VOCAB,
        words=["They", "staged", "war", "games"],
        heads=[1, 1, 3, 1],
        deps=["nsubj", "ROOT", "compound", "dobj"],
        pos=["PRON", "VERB", "NOUN", "NOUN"],
        lemmas=["they", "stage", "war", "game"],
    )
    assert _war_games(doc[3], lex) and not _war_games(doc[2], lex)
