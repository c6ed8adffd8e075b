"""Agreements: signing, agreeing, making peace, and accords named as nouns."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
    phrase,
)
from kg.nlp.readers.registry import on_words, reader


@reader("agreement")
class AgreementReader(ReaderBase):
    @on_words("agreement", verbs=("verbs",))
    def agreements(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        signers = args.subjects(token)
        docs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        nouns = set(self.lex["agreement"]["nouns"])
        docs = [d for d in docs if d.lemma_.lower() in nouns or d.lower_ in nouns]
        if not docs:
            return
        if token.lemma_.lower() in self.lex["agreement"]["joint_verbs"] and not any(
            c.lower_ == "joint" for c in docs[0].children
        ):
            return  # "Chile issued a statement" is one side speaking; "issued a joint statement" is not
        topic = self.short_phrase(docs[0])
        others = args.prep_objects(token, ("with",)) + [
            m
            for t in docs[0].subtree
            if t.dep_ == "prep" and t.lower_ in ("with", "between")
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]
        yield from self._pairs("agreement", signers, others, token, {"topic": topic}, 0.75)
        persons = _unique_mentions([m for m in signers if m.kind == "person"])
        # leaders signing together have met; a joint statement can be issued apart; and a group
        # signing ("Xi and the five presidents signed") is a ceremony, not talks of each pair
        grouped = len([m for m in persons if m.via == "pair"]) >= 3
        if (
            len(persons) >= 2
            and not grouped
            and token.lemma_.lower() not in self.lex["agreement"]["joint_verbs"]
        ):
            yield from self._meet(persons, token, args, [token], 0.65)

    @on_words("agreement", verbs=("agree_verbs",))
    def agreed(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Ethiopia and Somalia agreed to put aside ...", "the two sides agreed on arrangements":
        an agreement between the parties; cooperation when what they agreed to is working together."""
        parties, others = args.subjects(token), args.prep_objects(token, ("with",))
        goals = [c for c in token.children if c.dep_ == "xcomp"]
        goal = goals[0] if goals else None
        on = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children]
        cooperative = (
            goal is not None and goal.lemma_.lower() in self.lex["agreement"]["cooperative_goals"]
        ) or (
            goal is None and any(p.lemma_.lower() in self.lex["agreement"]["cooperative_objects"] for p in on)
        )
        kind = "cooperation" if cooperative else "agreement"
        topic: str | None
        if goal is not None:
            topic = phrase(t for t in goal.subtree if t.dep_ != "aux")
        else:
            topic = self.short_phrase(on[0]) if on else None
        yield from self._pairs(kind, parties, others, token, {"topic": topic}, 0.6)

    @on_words("agreement", verbs=("peace_verbs",))
    def made_peace(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Egypt made peace with Israel in 1979"."""
        if not any(c.dep_ == "dobj" and c.lower_ == "peace" for c in token.children):
            return
        yield from self._pairs(
            "agreement",
            args.subjects(token),
            args.prep_objects(token, ("with",)),
            token,
            {"topic": "peace"},
            0.7,
        )

    @on_words("agreement", nouns=("nouns",))
    def agreement_nouns(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "a trade agreement between Tehran and ...", "its agreement with Israel", "a signing ceremony
        for cooperation documents" (the signers are the clause's subject)."""
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.lex["agreement"]["verbs"]:
            return  # the verb reader has it
        between = args.prep_objects(token, ("between",))
        topic = {"topic": self.short_phrase(token)}
        if len(between) >= 2:
            # "a pact between Chile, Peru and Colombia": every party with every other; "between Tehran
            # and several states, which include Armenia and Belarus": the first side against the others
            listed = {
                t.i
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "between"
                for p in c.children
                if p.dep_ == "pobj"
                for t in (p, *p.conjuncts)
            }
            flat = all(token.doc[m.start : m.end].root.i in listed for m in between)
            parties, others = (between, []) if flat else (between[:1], between[1:])
            yield from self._pairs("agreement", parties, others, token, topic, 0.7)
            return
        # "a joint statement issued by India and Chile", "a treaty signed by A and B", "a pact
        # unveiled by A and B"
        issuing = {*self.lex["agreement"]["verbs"], *self.lex["agreement"]["issuer_verbs"]}
        issuers = [
            m
            for c in token.children
            if c.dep_ == "acl" and c.lemma_.lower() in issuing
            for m in args.subjects(c)
        ]
        if (
            not issuers
            and token.dep_ == "dobj"
            and head.lemma_.lower() in self.lex["agreement"]["issuer_verbs"]
        ):
            # "the two leaders announced deals on drones": several announcing together are parties;
            # "Peru announced a deal with Chile": the announcer and the one it is with
            announcers = [m for m in args.subjects(head) if m.kind in ("country", "person")]
            partners = args.prep_objects(token, ("with",)) + args.prep_objects(head, ("with",))
            if announcers and partners:
                yield from self._pairs("agreement", announcers, partners, token, topic, 0.65)
                return
            issuers = announcers
        if len(issuers) >= 2:
            yield from self._pairs("agreement", issuers, [], token, topic, 0.65)
            return
        owners = [m for m in args.modifiers(token) if m.kind in ("country", "person")]
        if (
            not owners
            and token.dep_ == "dobj"
            and head.lemma_.lower() in self.lex["agreement"]["possess_verbs"]
        ):
            owners = [m for m in args.subjects(head) if m.kind in ("country", "person")]  # "has a deal with"
        others = args.prep_objects(token, ("with",)) + between
        if owners and others:
            yield from self._pairs("agreement", owners, others, token, topic, 0.65)
            return
        if (
            token.dep_ == "pobj"
            and head.lower_ == "under"
            and head.head.pos_ in ("VERB", "AUX")
            and any(d.lower_ in ("the", "this", "that") for d in token.children)
        ):
            # "Under the agreement, Kigali and Kinshasa undertook to withdraw": the parties of the
            # clause the accord frames are its parties
            parties = [m for m in args.subjects(head.head) if m.kind in ("country", "person")]
            if len(_unique_mentions(parties)) >= 2:
                yield from self._pairs("agreement", parties, [], token, topic, 0.6)
                return
        signing = head.head if head.dep_ == "prep" and head.lower_ in ("for", "of") else None
        if signing is not None and (
            signing.lower_.startswith("sign")
            or any(
                c.lower_.startswith("sign")
                for c in signing.children
                if c.dep_ in ("compound", "amod", "nmod")
            )
        ):
            parties = self._climb_subjects(signing, args)
            yield from self._pairs("agreement", parties, [], token, topic, 0.6)
