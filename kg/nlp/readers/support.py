"""Support: praise, backing, thanks and partnership, acts of the persons who speak."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Token

from kg.nlp.args import Arguments
from kg.nlp.readers.base import SPEECH_VERBS, Candidate, ReaderBase, starts_phrase
from kg.nlp.readers.registry import on_words, reader


def _backed_compound(token: Token, lex: dict[str, Any]) -> bool:
    """ "the Kremlin-backed separatists", "a US - backed plan": the first part backs the second."""
    lower = token.lower_
    return any(lower.endswith(s) for s in lex["support"]["backed_suffixes"]) or (
        lower in ("backed", "supported") and token.i > 0 and token.nbor(-1).text in ("-", "–")
    )


@reader("support")
class SupportReader(ReaderBase):
    @on_words("support", verbs=("verbs", "act_verbs"))
    def directed(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        # "backed Ukraine's bid": whose bid it is
        acts = set(self.lex["support"]["act_nouns"])
        authored = [  # "welcomed the decision by the United States", "commended X for its efforts",
            # "praised the role of Qatar"
            m
            for c in token.children
            if c.dep_ == "dobj" and c.lemma_.lower() in acts
            # "the initiative put forward by Lula": the author in a participle's "by" phrase
            for m in args.modifiers(c)
            + args.prep_objects(c, ("by", "of"))
            + [m for a in c.children if a.dep_ == "acl" for m in args.prep_objects(a, ("by",))]
        ]
        if not authored and token.lemma_.lower() in self.lex["support"]["act_verbs"]:
            # "Kenya lifted the ban. Uganda welcomed the move.": the deed told just before
            own = [self.state(s) for s in args.subjects(token)]
            authored = [
                m
                # ("welcomed the deal": the last agreement told)
                for m in self.last_deed_doers(
                    token, args, [*self.lex["acts"]["generic_deeds"], *self.lex["acts"]["state_deeds"]]
                )
                if self.state(m) not in own
            ]
        # "recognised Taiwan as an inalienable part of China": the whole it is part of is backed
        whole = [
            m
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children
            if p.dep_ == "pobj" and p.lemma_.lower() in ("part", "territory", "province")
            for m in args.prep_objects(p, ("of",))
        ]
        if token.lemma_.lower() in self.lex["support"]["act_verbs"]:
            objects = authored
        elif whole:
            objects = whole
        else:
            objects = (
                args.direct_objects(token)
                or authored
                or [m for c in args.object_nouns(token) for m in args.modifiers(c)]
            )
        for s in args.subjects(token):
            for o in objects:
                if o.kind in ("person", "country", "organization", "bloc") and o.entity.id != s.entity.id:
                    yield Candidate("support", s, o, token, {}, 0.7)

    @on_words("support", verbs=("describe_verbs",))
    def described_partner(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "calling Belarus a reliable partner for Iran", "regarded Kazakhstan as a priority"."""
        partners = set(self.lex["support"]["partner_nouns"])
        nouns = [t for t in token.subtree if t.lemma_.lower() in partners or t.lower_ in partners]
        if not nouns:
            return
        subjects = args.subjects(token)
        for noun in nouns:
            heads = [noun, noun.head] if noun.dep_ == "conj" else [noun]
            targets = [m for h in heads for m in args.prep_objects(h, ("for", "of", "to"))]
            targets = targets or args.direct_objects(token)
            for s in subjects:
                own = self.state(s)
                for t in targets:
                    if own is None or own.id != t.entity.id:
                        yield Candidate("support", s, t, token, {}, 0.6)

    @on_words("support", verbs=("ratify_verbs",))
    def ratified(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "the Turkish parliament voted to ratify its accession": support for the country joining."""
        nouns = set(self.lex["support"]["accession_nouns"])
        for obj in (c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns):
            for s in args.subjects(token):
                for t in args.modifiers(obj) + args.prep_objects(obj, ("of",)):
                    if t.kind == "country":
                        yield Candidate("support", s, t, token, {}, 0.55)

    @on_words("support", verbs=("deserve_verbs",))
    def deserved(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Aliyev said Trump deserved the Nobel Peace Prize": the speaker backs who deserves it."""
        speaker = next((t for t in token.ancestors if t.lemma_.lower() in SPEECH_VERBS), None)
        if speaker is None:
            return
        for s in args.subjects(speaker):
            for o in args.subjects(token):
                if s.entity.id != o.entity.id:
                    yield Candidate("support", s, o, token, {}, 0.55)

    @on_words("support", verbs=("side_verbs",))
    def sided(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "moved quickly to side with Mogadishu", "stood by Kyiv", "lined up behind Vilnius": the
        subject supports the object of the verb's own preposition (side_phrases)."""
        lemma = token.lemma_.lower()
        preps = [
            p.split(" ", 1)[1] for p in self.lex["support"]["side_phrases"] if p.split(" ", 1)[0] == lemma
        ]
        for s in args.subjects(token):
            for o in args.prep_objects(token, preps):
                # one stands beside a person in a photograph; one stands by a state
                if lemma != "side" and o.kind != "country":
                    continue
                if self.state(o) is None or self.state(o) != self.state(s):
                    yield Candidate("support", s, o, token, {}, 0.6)

    @on_words("support", also=_backed_compound)
    def backed(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "the Western-backed Ukrainian government": the prefix backs what the phrase names."""
        doc = token.doc
        backer_token = token if "-" in token.text else token.nbor(-2) if token.i >= 2 else None
        if backer_token is None:
            return
        backers = [m for m in doc._.mentions or [] if m.start <= backer_token.i < m.end]
        head = token.head
        backed = args.at(head) or args.modifiers(head)
        for b in backers:
            for t in backed:
                if t.entity.id != b.entity.id:
                    yield Candidate("support", b, t, token, {}, 0.6)

    @on_words("support", nouns=("one_state_nouns",))
    def one_state(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Laos reaffirmed its commitment to the one-China principle": the holder of the commitment
        (or the one who adheres to it) sides with the state whose unity the principle names."""
        named = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        if token.dep_ != "pobj" or not any(t.lower_ == "one" for c in named for t in c.subtree if t.i < c.i):
            return
        states = [m for c in named for m in args.at(c) if m.kind == "country"]
        holder = token.head.head
        if holder.pos_ == "NOUN":
            # "Tokayev reaffirmed Kazakhstan's adherence to ...": the one who speaks holds it
            speaker = args.subjects(holder.head) if holder.dep_ == "dobj" else []
            actors = speaker or args.modifiers(holder) or args.noun_agents(holder)
        else:
            actors = args.subjects(holder)
        for s in actors:
            for o in states:
                if s.entity.id != o.entity.id and self.state(s) != o.entity:
                    yield Candidate("support", s, o, token, {"topic": self.words(token)}, 0.6)

    @on_words("support", nouns=("stance_nouns",))
    def stance_noun(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "voiced support for Manila", "stood in solidarity with Vilnius"."""
        yield from self.stance_nouns(token, args, "support")

    @on_words("support", also=starts_phrase("support"))
    def phrased(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "threw its weight behind Quito's bid", "came out in favour of Vilnius": idioms of support
        whose last word points at the one supported."""
        yield from self.phrased_stance(token, args, "support", topic=False)
