"""Repairs of parse errors the small English model makes on news sentences, applied once before
anything reads the parse, so that every reader sees the same corrected tree.

Each repair states the error and the shape it fixes; none depends on a particular sentence.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Dependencies the parser gives a list's first name when it mistakes it for a fronted adverbial.
_LOOSE_DEPS = frozenset({"advmod", "npadvmod", "dep"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def repair(doc: Doc) -> Doc:
    """Apply every repair to `doc` in place."""
    by_start = {ent.start: ent for ent in doc.ents}
    for ent in doc.ents:
        _rejoin_fronted_list_head(ent, by_start)
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
