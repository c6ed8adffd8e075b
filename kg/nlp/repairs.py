"""Repairs of parse errors the small English model makes on news sentences, applied once before
anything reads the parse, so that every reader sees the same corrected tree.

Each repair states the error and the shape it fixes; none depends on a particular sentence.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.nlp.lexicon import title_words, triggers

# Dependencies the parser gives a list's first name when it mistakes it for a fronted adverbial.
_LOOSE_DEPS = frozenset({"advmod", "npadvmod", "dep"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_LIST_DEPS = frozenset({"appos", "conj", "cc", "punct"})


def repair(doc: Doc) -> Doc:
    """Apply every repair to `doc` in place."""
    by_start = {ent.start: ent for ent in doc.ents}
    for ent in doc.ents:
        _rejoin_fronted_list_head(ent, by_start)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            _raise_name_out_of_title(ent)
    return doc


def _rejoin_fronted_list_head(ent: Span, by_start: dict[int, Span]) -> None:
    """ "Chile, Bolivia and Ecuador announced ...": the parser takes the first name for a loose
    adverbial of the verb and makes the second the subject, heading "Bolivia and Ecuador". The first
    name is the list's own head, as the parser builds lists: the subject, with the second its
    conjunct."""
    doc = ent.doc
    head = ent.root
    if head.dep_ not in _LOOSE_DEPS or ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return
    following = by_start.get(ent.end + 1)
    if following is None:
        return
    subject = following.root
    if (
        subject.dep_ in _SUBJECT_DEPS
        and subject.head.i == head.head.i
        and any(c.dep_ == "cc" for c in subject.children)
        and any(c.dep_ == "conj" for c in subject.children)
    ):
        role = subject.dep_
        subject.head = head
        subject.dep_ = "conj"
        head.dep_ = role


def _raise_name_out_of_title(ent: Span) -> None:
    """ "talks with President of the Republic of Uganda Yoweri Museveni": state media put the name
    after an office's "of" phrase, and the parser hangs the name in that phrase, as the place the
    office is of, so the person is not where the sentence puts him (the object of "with", a member
    of a list). The name takes the office's place, and the office becomes its modifier, as in
    "Ugandan President Yoweri Museveni"."""
    name = ent.root
    of = name.head
    if name.dep_ != "pobj" or of.lower_ != "of" or of.i >= ent.start:
        return
    office = of.head
    if (
        office.i != of.i - 1
        or office.head == office
        or not office.is_title
        or office.lemma_.lower() not in _office_words()
        or ent.start == of.i + 1  # "the government of Ahmed Shah": the name is what the office is of
    ):
        return
    followers = [c for c in office.children if c.i > name.i and c.dep_ in _LIST_DEPS]
    name.head = office.head
    name.dep_ = office.dep_
    office.head = name
    office.dep_ = "compound"
    for follower in followers:  # the list the office was heading goes on after the name
        follower.head = name


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    """Words that head an office: of a state ("President") or of an international body ("Chairperson")."""
    return title_words() | frozenset(triggers()["presence"]["body_office_words"])
