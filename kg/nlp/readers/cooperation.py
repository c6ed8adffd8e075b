"""Cooperation between states: joint work, exercises, restored relations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Token

from kg.nlp.args import Arguments, amount_anchor
from kg.nlp.readers.base import Candidate, ReaderBase, phrase
from kg.nlp.readers.registry import on_words, reader


def _joint_object(token: Token, lex: dict[str, Any]) -> bool:
    """ "held joint patrols": a joint activity that is not itself an accord or cooperation noun."""
    if token.dep_ != "dobj" or not any(c.dep_ == "amod" and c.lower_ == "joint" for c in token.children):
        return False
    named = {*lex["agreement"]["nouns"], *lex["cooperation"]["nouns"]}
    return token.pos_ not in ("NOUN", "PROPN") or (
        token.lemma_.lower() not in named and token.lower_ not in named
    )


def _war_games(token: Token, lex: dict[str, Any]) -> bool:
    """ "staged war games together"."""
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.lemma_ == "game"
        and any(c.lower_ == "war" for c in token.children)
    )


@reader("cooperation")
class CooperationReader(ReaderBase):
    @on_words("cooperation", verbs=("verbs",), nouns=("nouns",), with_pos=True, topic=True)
    @on_words("cooperation", also=_joint_object, is_verb=False, topic=True)
    @on_words("cooperation", also=_war_games, is_verb=False, topic=True)
    def cooperates(self, token: Token, args: Arguments, is_verb: bool, topic: bool) -> Iterator[Candidate]:
        """Cooperation between the parties of a verb or noun ("deepen cooperation with Hanoi"), a
        joint activity ("held joint patrols") or war games."""
        kind = "cooperation"
        preps = self.lex[kind]["object_preps"]
        common = set(self.lex["acts"]["common_things"])
        if is_verb and any(c.dep_ == "dobj" and c.lemma_.lower() in common for c in token.children):
            return  # "Kenya and Uganda share a border": what they have in common
        if is_verb:
            parties, others = args.subjects(token), args.prep_objects(token, preps)
        else:
            parties, others = args.noun_agents(token), args.prep_objects(token, preps)
            if token.dep_ in ("dobj",) and token.head.pos_ == "VERB":
                others += args.prep_objects(token.head, preps)
            between = args.prep_objects(token, ("between",))
            if len(between) >= 2 and not any(p.kind in ("country", "organization") for p in parties):
                # "agreed to enhance cooperation between ASEAN, the GCC and China": among those named
                parties, others = between, []
            paired = args.hyphen_paired(token)
            if len(paired) >= 2 and not others:  # "strengthen the Chile-Peru partnership"
                parties, others = paired[:1], paired[1:]
        text = self.short_phrase(token) if topic and not is_verb else None
        yield from self._pairs(kind, parties, others, token, {"topic": text}, 0.65)

    @on_words(
        "cooperation",
        also=lambda t, lex: (
            t.pos_ == "VERB"
            and any(
                c.dep_ == "advmod" and c.lower_ in lex["cooperation"]["joint_adverbs"] for c in t.children
            )
        ),
    )
    def jointly(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The two countries are jointly building a power plant", "Chile and Peru will develop the
        field jointly": states doing something together cooperate."""
        parties = [m for m in args.subjects(token) if m.kind in ("country", "person", "organization")]
        others = args.prep_objects(token, ("with",))
        topic = {"topic": phrase(t for t in token.subtree if t.dep_ not in ("nsubj", "aux", "advmod"))}
        yield from self._pairs("cooperation", parties, others, token, topic, 0.55)

    @on_words("cooperation", verbs=("help_verbs",))
    def helped(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "the United States and Britain will help Australia acquire submarines": a state helping
        another cooperates with it."""
        helped = [m for m in args.direct_objects(token) if m.kind == "country"]
        if not helped:  # "will help Hanoi build a plant": the parser makes the helped the doer's subject
            helped = [
                m
                for c in token.children
                if c.dep_ in ("ccomp", "xcomp")
                for s in c.children
                if s.dep_ == "nsubj"
                for m in args.at(s)
                if m.kind == "country"
            ]
        # "sent troops to help Moscow push back ...": help given with arms or forces is military
        sent = token.head if token.dep_ in ("advcl", "xcomp") else None
        armed = set(self.lex["conflict"]["force_nouns"]) | set(self.lex["military_aid"]["items"])
        if sent is not None and any(c.dep_ == "dobj" and c.lower_ in armed for c in sent.children):
            return
        helpers = [m for m in args.subjects(token) if m.kind in ("country", "person")]
        yield from self._pairs(
            "cooperation", helpers, helped, token, {"topic": self.short_phrase(token)}, 0.55
        )

    @on_words("acts", nouns=("aid_nouns",))
    def aid_given(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Japan pledged technical assistance to Laos", "Seoul's aid to Dhaka": aid with nothing
        military in its phrase is cooperation between giver and receiver (military aid is the
        military_aid reader's)."""
        lex = self.lex
        anchor = amount_anchor(token)  # ("pledged $20 million in aid to Sudan")
        verb = anchor.head if anchor.dep_ == "dobj" and anchor.head.pos_ == "VERB" else None
        if verb is not None and verb.lemma_.lower() not in lex["acts"]["aid_verbs"]:
            return
        words = {t.lower_ for t in token.subtree}
        if words & {*lex["military_aid"]["items"], *lex["acts"]["armed_aid_words"]}:
            return
        givers = [m for m in args.modifiers(token) if m.kind == "country"]
        if not givers and verb is not None:
            givers = [m for m in args.subjects(verb) if m.kind in ("country", "person")]
        receivers = args.prep_objects(token, ("to", "for"))
        if verb is not None:
            receivers += args.prep_objects(verb, ("to", "for"))
        receivers = [m for m in receivers if m.kind == "country"]
        topic = {"topic": self.short_phrase(token)}
        for giver in givers:
            yield from self._pairs("cooperation", [giver], receivers, token, topic, 0.55)

    @on_words("cooperation", verbs=("relation_verbs",))
    def relations_restored(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "restored diplomatic relations", "normalised ties with Israel": diplomatic cooperation."""
        objs = [
            c
            for c in token.children
            if c.dep_ == "dobj" and c.lower_ in self.lex["cooperation"]["relation_nouns"]
        ]
        if not objs:
            return
        others = args.prep_objects(token, ("with",)) + args.prep_objects(objs[0], ("with",))
        topic = {"topic": self.short_phrase(objs[0])}
        parties = args.subjects(token)
        if others:  # "X and Y normalised ties with Israel": each with Israel, not with each other
            for p in parties:
                yield from self._pairs("cooperation", [p], others, token, topic, 0.6)
        else:
            yield from self._pairs("cooperation", parties, others, token, topic, 0.6)

    @on_words("cooperation", verbs=("pledge_verbs",))
    def pledged(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Mexico and Canada pledged to work together", "vowed to deepen cooperation with Hanoi",
        "committed to strengthening ties": a pledge of the parties to work together."""
        lex = self.lex["cooperation"]
        goals = [c for c in token.children if c.dep_ in ("xcomp", "advcl", "pcomp", "prep")]
        goals = [p for g in goals for p in ((g, *g.children) if g.dep_ == "prep" else (g,))]
        goal = next((g for g in goals if g.pos_ == "VERB"), None)
        if goal is None or goal.lemma_.lower() not in self.lex["agreement"]["cooperative_goals"]:
            return
        together = {*lex["nouns"], *lex["relation_nouns"], *lex["together_words"]}
        cooperative = goal.lemma_.lower() in lex["verbs"] or any(
            t.lower_ in together or t.lemma_.lower() in together for t in goal.subtree if t is not goal
        )
        if not cooperative:
            return  # "pledged to raise tariffs" is no cooperation
        others = args.prep_objects(goal, ("with",)) + [
            m
            for t in goal.subtree
            if t.dep_ == "prep" and t.lower_ in lex["object_preps"]
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]
        topic = {"topic": phrase(t for t in goal.subtree if t.dep_ != "aux")}
        # a pledge to work together is asserted cooperation, as "agreed to cooperate" is (contract)
        yield from self._pairs("cooperation", args.subjects(token), others, token, topic, 0.6)

    @on_words("cooperation", verbs=("partner_verbs",))
    def works_with(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "stands ready to work with Kyrgyzstan", "Peru will partner with Chile on lithium": working
        with a named state (working alone, or with "partners" unnamed, is no fact)."""
        others = [
            m for m in args.prep_objects(token, ("with",)) if m.kind in ("country", "person", "organization")
        ]
        if not others:
            return
        on = [p for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "in") for p in c.children]
        topic = {"topic": self.short_phrase(on[0]) if on else None}
        yield from self._pairs("cooperation", args.subjects(token), others, token, topic, 0.55)
