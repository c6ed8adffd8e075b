"""Armed conflict between states."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments, unique_mentions
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
)
from kg.nlp.readers.registry import on_words, reader


@reader("conflict")
class ConflictReader(ReaderBase):
    @on_words("conflict", verbs=("territory_verbs",))
    def taken_land(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Russia annexed Ukraine's Crimean peninsula", "Georgia, whose Abkhazia region Russia
        occupied", "Moldova, parts of which Russia seized": the state whose land is taken."""
        nouns = self.lex["conflict"]["territory_nouns"]
        owners: list = []
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            owners += [m for m in args.at(obj) if m.kind == "country"]  # "occupied Georgia"
            if obj.lemma_.lower() not in nouns and obj.lower_ not in nouns:
                continue
            owners += [m for m in args.modifiers(obj) if m.kind == "country"]
            owners += [m for m in args.prep_objects(obj, ("of",)) if m.kind == "country"]
            relative = [c for c in obj.children if c.lower_ == "whose"] + [
                p
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.lower_ == "which"
            ]
            if relative and token.dep_ == "relcl":
                owners += [m for m in args.at(token.head) if m.kind == "country"]
        if not owners and token.dep_ == "relcl":
            # the object fronted in the relative clause, however the parser hangs it: "whose X
            # region (Russia occupied)", "parts of which (Russia seized)"
            antecedent = token.head
            fronted = token.doc[antecedent.i + 1 : token.i]
            land = any(t.lemma_.lower() in nouns or t.lower_ in nouns for t in (*fronted, antecedent))
            if land and any(t.lower_ in ("whose", "which") for t in fronted):
                while antecedent.dep_ == "appos" and antecedent.lemma_.lower() in nouns:
                    antecedent = antecedent.head  # "Moldova, parts of which ..."
                owners = [m for m in args.at(antecedent) if m.kind == "country"]
        for side, owner in self.across_states(args.subjects(token), unique_mentions(owners)):
            yield Candidate("conflict", side, owner, token, {"topic": token.text}, 0.6)

    def _figurative(self, token: Token) -> bool:
        """A fight of another kind than arms: "clashed diplomatically", "a trade war", "a war of words"."""
        words = self.lex["conflict"]["figurative_words"]
        return any(
            c.dep_ in ("advmod", "amod", "compound") and c.lower_ in words for c in token.children
        ) or any(
            c.dep_ == "prep" and c.lower_ == "of" and any(p.lower_ == "words" for p in c.children)
            for c in token.children
        )

    @on_words("conflict", verbs=("verbs",), nouns=("nouns",), with_pos=True)
    def conflicts(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["conflict"]["object_preps"]
        if self._figurative(token) or any(c.dep_ == "dobj" and self._figurative(c) for c in token.children):
            return  # "clashed diplomatically", "a trade war", "fought a war of words": no fighting
        if is_verb:
            sides_a, sides_b = (
                args.subjects(token),
                args.direct_objects(token) + args.prep_objects(token, preps),
            )
            if not sides_b:
                # "shelled Armenian positions", "struck Ukraine's power grid": whose ground was hit
                sides_b = [
                    m
                    for c in token.children
                    if c.dep_ == "dobj"
                    for m in args.modifiers(c)
                    if m.kind == "country"
                ]
        else:
            # Only a side the noun phrase names ("Russian war", "Russia's invasion") or one that
            # wages it ("Russia launched its invasion"): not any subject of the clause around it.
            sides_a = args.modifiers(token) + args.prep_objects(token, ("by",))
            if not sides_a:
                # "Iranian missile strikes": the side modifies the compound before the noun
                sides_a = [
                    m
                    for c in token.children
                    if c.dep_ == "compound" and c.pos_ == "NOUN"
                    for m in args.modifiers(c)
                    if m.kind == "country"
                ]
            if (
                not sides_a
                and token.dep_ == "dobj"
                and token.head.lemma_.lower() in self.lex["conflict"]["wage_verbs"]
            ):
                sides_a = args.subjects(token.head)
            sides_b = args.prep_objects(token, preps)
            if (
                not sides_b
                and token.dep_ == "dobj"
                and token.head.lemma_.lower() in self.lex["conflict"]["wage_verbs"]
            ):
                # "carried out air strikes on Syria": the parser hangs the target off the verb
                sides_b = [m for m in args.prep_objects(token.head, ("on", "against")) if m.kind == "country"]
            nouns = self.lex["conflict"]["nouns"]
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in nouns:
                # "Chile's war of aggression against Bolivia": the war's side, the aggression's target
                sides_a = sides_a or args.modifiers(token.head.head)
            if not sides_b and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(p.lemma_.lower() in nouns for p in c.children)
                for c in token.children
            ):
                return  # "war of aggression": the inner noun reads it
            if not sides_b and token.lemma_.lower() in ("strike", "airstrike", "attack", "bombardment"):
                # "air strikes on hideouts in Chile's Arica region": the state whose ground was hit
                sides_b = [
                    m
                    for m in args.prep_objects(token, ("on", "in", "inside", "into", "against"), deep=True)
                    if m.kind == "country"
                ]
            if not sides_b and len(sides_a) < 2:
                # "the Chile-Bolivia conflict": both sides in the hyphenated modifier
                sides_a = args.hyphen_paired(token) or sides_a
            if not sides_a and token.dep_ == "pobj" and token.head.lower_ == "at":  # "at war with Ukraine"
                sides_a = args.subjects(token.head.head) if token.head.head.pos_ in ("VERB", "AUX") else []
            between = args.prep_objects(token, ("between",))
            if not between and token.dep_ == "nsubj":
                between = args.prep_objects(token.head, ("between",))  # "Clashes erupted between A and B"
            if len(between) >= 2:
                sides_a, sides_b = between[:1], between[1:]
        pairs = [(a, b) for a in sides_a for b in sides_b]
        if not sides_b and len(sides_a) >= 2:
            pairs = list(itertools.combinations(sides_a, 2))  # "The two neighbours fought wars"
        for a, b in pairs:
            sa, sb = self.state(a), self.state(b)
            if sa is not None and sb is not None and sa.kind == sb.kind == "country" and sa.id != sb.id:
                yield Candidate("conflict", sa, sb, token, {}, 0.6)
