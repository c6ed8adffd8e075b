"""Sentence length cap: no sentence the components see is longer than MAX_SENTENCE_TOKENS tokens.

The linker compares each mention with the others of its sentence, so its cost grows with the square of
a sentence's length: text without sentence ends (a 2 MB single line, a word list) took minutes. Before
the parser runs, this component starts a new sentence after MAX_SENTENCE_TOKENS tokens without a
sentence end or line break; the parser keeps boundaries set before it. News sentences are far shorter
than the cap, so ordinary articles are parsed exactly as before.

A blank line also ends a sentence: a paragraph never continues the previous one, even after a word
the parser takes for an abbreviation ("took effect in May." followed by a new paragraph).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

MAX_SENTENCE_TOKENS = 200
_SENTENCE_ENDS = frozenset(".!?;")


@Language.component("dipkg_sentence_cap")
def cap_sentences(doc: Doc) -> Doc:
    """Mark a sentence start after every run of MAX_SENTENCE_TOKENS tokens with no end in it, and
    at the first word of every paragraph."""
    run = 0
    for token in doc:
        if token.i > 0 and not token.is_space and _paragraph_break(doc[token.i - 1]):
            token.is_sent_start = True
            run = 0
        elif run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
        run += 1
        if token.text in _SENTENCE_ENDS or "\n" in token.text:
            run = 0
    return doc


def _paragraph_break(previous: Token) -> bool:
    """A blank line between the previous token and this one (as a space token or trailing space)."""
    text = previous.text if previous.is_space else previous.whitespace_
    return text.count("\n") >= 2
