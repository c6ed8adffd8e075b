"""Parse-reading rules on hand-built Docs (words, heads, deps, tags, entities), no trained model:
each test states a parse and what the rule must read off it."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from kg.nlp.args import dates_for, modality_of
from kg.nlp.readers.base import phrase

VOCAB = spacy.blank("en").vocab


def parsed(rows: list[tuple[str, int, str, str, str, str]], ents: list[tuple[int, int, str]] = ()) -> Doc:
    """A Doc from (word, head index, dep, POS, tag, lemma) rows; a row's head is its own index at the root.
    Words are separated by a space unless the next word is punctuation or starts with "-"."""
    words = [r[0] for r in rows]
    spaces = [
        n + 1 < len(words) and not (words[n + 1] in (".", ",", "-") or words[n] in ("$", "-"))
        for n in range(len(words))
    ]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        sent_starts=[n == 0 for n in range(len(rows))],
    )
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    return doc


# "Laos is not weak , and through cooperation they can prevail ."
NOT_WEAK_AND_COOPERATION = parsed(
    [
        ("Laos", 1, "nsubj", "PROPN", "NNP", "Laos"),
        ("is", 1, "ROOT", "AUX", "VBZ", "be"),
        ("not", 1, "neg", "PART", "RB", "not"),
        ("weak", 1, "acomp", "ADJ", "JJ", "weak"),
        (",", 1, "punct", "PUNCT", ",", ","),
        ("and", 1, "cc", "CCONJ", "CC", "and"),
        ("through", 11, "prep", "ADP", "IN", "through"),
        ("cooperation", 6, "pobj", "NOUN", "NN", "cooperation"),
        ("they", 11, "nsubj", "PRON", "PRP", "they"),
        ("can", 11, "aux", "AUX", "MD", "can"),
        ("still", 11, "advmod", "ADV", "RB", "still"),
        ("prevail", 1, "conj", "VERB", "VB", "prevail"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
)


def test_negation_stays_in_its_own_clause() -> None:
    doc = NOT_WEAK_AND_COOPERATION
    assert modality_of(doc[7]) == "asserted"  # "cooperation" under the second clause
    assert modality_of(doc[3]) == "negated"  # "weak" under the negated first one


def test_coordinated_verb_without_its_own_subject_shares_the_negation() -> None:
    # "Laos did not sign or ratify the treaty ."
    doc = parsed(
        [
            ("Laos", 3, "nsubj", "PROPN", "NNP", "Laos"),
            ("did", 3, "aux", "AUX", "VBD", "do"),
            ("not", 3, "neg", "PART", "RB", "not"),
            ("sign", 3, "ROOT", "VERB", "VB", "sign"),
            ("or", 3, "cc", "CCONJ", "CC", "or"),
            ("ratify", 3, "conj", "VERB", "VB", "ratify"),
            ("the", 7, "det", "DET", "DT", "the"),
            ("treaty", 5, "dobj", "NOUN", "NN", "treaty"),
            (".", 3, "punct", "PUNCT", ".", "."),
        ]
    )
    assert modality_of(doc[5]) == "negated"


# "Peru and Chile agreed in May to double trade by 2030 ."
AGREED_TO_DOUBLE = parsed(
    [
        ("Peru", 3, "nsubj", "PROPN", "NNP", "Peru"),
        ("and", 0, "cc", "CCONJ", "CC", "and"),
        ("Chile", 0, "conj", "PROPN", "NNP", "Chile"),
        ("agreed", 3, "ROOT", "VERB", "VBD", "agree"),
        ("in", 3, "prep", "ADP", "IN", "in"),
        ("May", 4, "pobj", "PROPN", "NNP", "May"),
        ("to", 7, "aux", "PART", "TO", "to"),
        ("double", 3, "xcomp", "VERB", "VB", "double"),
        ("trade", 7, "dobj", "NOUN", "NN", "trade"),
        ("by", 7, "prep", "ADP", "IN", "by"),
        ("2030", 9, "pobj", "NUM", "CD", "2030"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ],
    ents=[(5, 6, "DATE"), (10, 11, "DATE")],
)


def test_the_deadline_of_a_goal_does_not_date_the_agreeing() -> None:
    doc = AGREED_TO_DOUBLE
    sent = doc[0 : len(doc)]
    assert {d.text for d in dates_for(doc[3], sent)} == {"May"}
    # the goal itself may be dated by its deadline
    assert "2030" in [d.text for d in dates_for(doc[7], sent)]


def test_phrase_keeps_the_text_spacing() -> None:
    # "a $ 5 billion two - year loan" with the spacing of "a $5 billion two-year loan"
    doc = Doc(
        VOCAB,
        words=["a", "$", "5", "billion", "two", "-", "year", "loan"],
        spaces=[True, False, True, True, False, False, True, False],
    )
    assert phrase(doc[1:8]) == "$5 billion two-year loan"
    assert phrase([doc[7], doc[1], doc[2]]) == "$5 loan"  # a skipped word leaves one space


def _ambassador_doc(office: str) -> Doc:
    # "Tomas Ortega, the Chilean ambassador to Peru, spoke ." with the name untagged
    return parsed(
        [
            ("Tomas", 1, "compound", "PROPN", "NNP", "Tomas"),
            ("Ortega", 8, "nsubj", "PROPN", "NNP", "Ortega"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("the", 5, "det", "DET", "DT", "the"),
            ("Chilean", 5, "amod", "ADJ", "JJ", "chilean"),
            (office, 1, "appos", "NOUN", "NN", office),
            ("to", 5, "prep", "ADP", "IN", "to"),
            ("Peru", 6, "pobj", "PROPN", "NNP", "Peru"),
            ("spoke", 8, "ROOT", "VERB", "VBD", "speak"),
            (".", 8, "punct", "PUNCT", ".", "."),
        ],
        ents=[(4, 5, "COUNTRY"), (7, 8, "COUNTRY")],
    )


def test_a_name_the_tagger_missed_is_a_person_by_its_office_in_apposition() -> None:
    from kg.nlp.linker import _appositive_names

    assert [s.text for s in _appositive_names(_ambassador_doc("ambassador"))] == ["Tomas Ortega"]
    # an apposition that is no office ("Tomas Ortega, the Chilean port to Peru") names no person
    assert _appositive_names(_ambassador_doc("port")) == []


def test_a_list_counted_by_a_loose_each_does_what_the_verb_says() -> None:
    from kg.model import Entity
    from kg.nlp.args import Arguments
    from kg.nlp.components import register_extensions
    from kg.nlp.mentions import Mention

    register_extensions()
    # "In Asia , Japan , Nepal and Laos each announced expulsions ." with "Japan ..." hung off "Asia"
    # and "each" left as a loose dependent of the verb
    doc = parsed(
        [
            ("In", 9, "prep", "ADP", "IN", "in"),
            ("Asia", 0, "pobj", "PROPN", "NNP", "Asia"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("Japan", 1, "conj", "PROPN", "NNP", "Japan"),
            (",", 3, "punct", "PUNCT", ",", ","),
            ("Nepal", 3, "conj", "PROPN", "NNP", "Nepal"),
            ("and", 5, "cc", "CCONJ", "CC", "and"),
            ("Laos", 5, "conj", "PROPN", "NNP", "Laos"),
            ("each", 9, "dep", "PRON", "DT", "each"),
            ("announced", 9, "ROOT", "VERB", "VBD", "announce"),
            ("expulsions", 9, "dobj", "NOUN", "NNS", "expulsion"),
            (".", 9, "punct", "PUNCT", ".", "."),
        ]
    )
    countries = {1: ("Asia", "XAS"), 3: ("Japan", "JPN"), 5: ("Nepal", "NPL"), 7: ("Laos", "LAO")}
    doc._.mentions = [
        Mention(i, i + 1, Entity(label, "country", country=code), "test")
        for i, (label, code) in countries.items()
    ]
    args = Arguments(doc)
    assert sorted(m.entity.label for m in args.subjects(doc[9])) == ["Japan", "Laos", "Nepal"]
    doc[8].dep_ = "nsubj"  # the same list when the parser makes "each" the subject
    assert sorted(m.entity.label for m in Arguments(doc).subjects(doc[9])) == ["Japan", "Laos", "Nepal"]


def test_an_apposition_keeps_its_own_modality_whatever_its_anchor_does() -> None:
    # "Chad , one of the bloc 's members , did not ask for aid ." and the same with "has asked"
    def doc(*verb: tuple[str, int, str, str, str, str]) -> Doc:
        rows = [
            ("Chad", 10, "nsubj", "PROPN", "NNP", "Chad"),
            (",", 0, "punct", "PUNCT", ",", ","),
            ("one", 0, "appos", "NUM", "CD", "one"),
            ("of", 2, "prep", "ADP", "IN", "of"),
            ("the", 5, "det", "DET", "DT", "the"),
            ("bloc", 7, "poss", "NOUN", "NN", "bloc"),
            ("'s", 5, "case", "PART", "POS", "'s"),
            ("members", 3, "pobj", "NOUN", "NNS", "member"),
            (",", 0, "punct", "PUNCT", ",", ","),
            *verb,
            ("for", 10, "prep", "ADP", "IN", "for"),
            ("aid", 11, "pobj", "NOUN", "NN", "aid"),
            (".", 10, "punct", "PUNCT", ".", "."),
        ]
        return parsed(rows)

    asked = doc(("has", 10, "aux", "AUX", "VBZ", "have"), ("asked", 10, "ROOT", "VERB", "VBN", "ask"))
    assert modality_of(asked[7]) == "asserted"  # a request of the anchor's is no request of the noun's
    refused = doc(("never", 10, "neg", "ADV", "RB", "never"), ("asked", 10, "ROOT", "VERB", "VBD", "ask"))
    assert modality_of(refused[7]) == "asserted"


def test_a_list_whose_first_name_the_parser_made_an_adverbial_is_one_list_again() -> None:
    from kg.nlp.repairs import repair

    # "Chile , Peru and Bolivia signed ." with "Chile" a loose adverbial and "Peru" the subject
    rows = [
        ("Chile", 5, "advmod", "PROPN", "NNP", "Chile"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("Peru", 5, "nsubj", "PROPN", "NNP", "Peru"),
        ("and", 2, "cc", "CCONJ", "CC", "and"),
        ("Bolivia", 2, "conj", "PROPN", "NNP", "Bolivia"),
        ("signed", 5, "ROOT", "VERB", "VBD", "sign"),
        (".", 5, "punct", "PUNCT", ".", "."),
    ]
    doc = repair(parsed(rows, ents=[(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE")]))
    assert (doc[0].dep_, doc[0].head.text) == ("nsubj", "signed")
    assert [t.text for t in doc[0].conjuncts] == ["Peru", "Bolivia"]
    # "Today , Peru and Bolivia signed .": a real adverbial, no name, stays as it is
    today = repair(parsed([("Today", 5, "npadvmod", "NOUN", "NN", "today"), *rows[1:]], ents=[(2, 3, "GPE")]))
    assert today[0].dep_ == "npadvmod"
    # "Chile , Peru signed .": no "and", no list
    pair = [
        ("Chile", 3, "advmod", "PROPN", "NNP", "Chile"),
        rows[1],
        ("Peru", 3, "nsubj", "PROPN", "NNP", "Peru"),
    ]
    pair += [("signed", 3, "ROOT", "VERB", "VBD", "sign"), (".", 3, "punct", "PUNCT", ".", ".")]
    assert repair(parsed(pair, ents=[(0, 1, "GPE"), (2, 3, "GPE")]))[0].dep_ == "advmod"
