"""Accusations: charges, blame, summoned envoys and formal protests."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments, of_objects
from kg.nlp.readers.base import Candidate, ReaderBase, starts_phrase
from kg.nlp.readers.registry import on_words, reader


@reader("accusation")
class AccusationReader(ReaderBase):
    @on_words("accusation", verbs=("verbs",))
    def accusations(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        # "condemned the Iranian strikes", "denounced Russia's annexation": the author of the act
        accused = (
            args.passive_subjects(token)
            or args.direct_objects(token)
            # "condemned Israel's strikes", "the strikes carried out by Israel": the act's author
            # ("the strikes, which Peru condemned": the noun a relative clause points back to)
            or [m for c in args.object_nouns(token) for m in args.act_authors(c)]
            # "condemned the transfer of Iranian missiles to Russia": the arms' own state supplies them
            or [
                m
                for c in args.object_nouns(token)
                if c.lower_ in self.lex["military_aid"]["nouns"]
                for p in of_objects(c)
                for m in args.modifiers(p)
                if m.kind == "country"
            ]
        )
        if token.lemma_.lower() in self.lex["accusation"]["blame_on_verbs"]:
            # "blamed the attack on Bolivia" (the parser may hang "on" off the verb or its object), "an
            # attack which it blamed on Bolivia": the one it is put on is accused
            heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
            put_on = [m for h in heads for m in args.prep_objects(h, ("on",))]
            # "blamed the blasts on Chadian air strikes": the author of the act it is put on
            put_on = put_on or [
                m
                for h in heads
                for c in h.children
                if c.dep_ == "prep" and c.lower_ == "on"
                for p in c.children
                if p.dep_ == "pobj"
                for m in args.modifiers(p)
            ]
            accused = put_on or accused
        if (
            not accused
            and token.dep_ == "relcl"
            and not any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)
        ):
            # "three Nicaraguan officials it accused of undermining democracy": the antecedent
            accused = args.at(token.head)
        if not accused:  # "Ghana condemned the attack": the last deed told, by another state
            accused = [
                m
                for m in self.last_deed_doers(token, args, self.deed_nouns())
                if all(self.state(s) != self.state(m) for s in args.subjects(token))
            ]
        accusers = [m for m in args.subjects(token) if m not in accused]
        if not accusers and token.dep_ == "acl" and token.tag_ == "VBG":
            # "The Gambia opened its case accusing Myanmar": whose case it is accuses
            accusers = [m for m in args.modifiers(token.head) if m not in accused]
        if not accusers and any(
            c.dep_ == "nsubj"
            and c.lower_ in ("states", "members")
            and any(k.lower_ == "member" for k in c.children)
            for c in token.children
        ):
            # "Member states condemned ...": the organisation the story is about speaks through them
            org = self.recent_organization(token)
            accusers = [org] if org is not None else []
        if not accusers and token.dep_ == "acl" and token.tag_ == "VBN":
            # "explosions that the Taliban government blamed on Pakistan", parsed as "the government
            # blamed on": a state is never the thing blamed, so it is the one blaming
            accusers = [m for m in args.at(token.head) if m.kind == "country" and m not in accused]
        of = [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("of", "for")
            for p in c.children
            if p.dep_ in ("pcomp", "pobj")
        ]
        topic = self.words(of[0]) if of else None
        # "..., which Moscow denied", "a charge Tehran denies": one side alleges, the other denies
        denied = any(t.lemma_.lower() == "deny" for t in token.sent)
        modality = "alleged" if denied else None
        for a in accused:
            if accusers:
                for s in accusers:
                    yield Candidate("accusation", s, a, token, {"topic": topic}, 0.7, modality=modality)
            else:
                yield Candidate("accusation", None, a, token, {"topic": topic}, 0.7, modality=modality)

    @on_words("acts", verbs=("label_verbs",))
    def labelled(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "called the Ecuadorian raid a flagrant violation of international law", "called the attack
        a breach of its sovereignty" (the deed told just before): labelling someone's act a wrong
        accuses its author (its modifier or "by" agent; labelling it hostile is opposition, read by
        the opposition reader)."""
        label, act = self.labelled_as(token, self.lex["acts"]["wrong_nouns"])
        if label is None or act is None or (label.dep_ == "amod" and label.i < label.head.i):
            return  # ("called it illegal" labels the act; "an unlawful threat" is a threat, opposed)
        accused = args.act_authors(act)
        if not accused:
            accused = self.last_deed_doers(token, args, self.deed_nouns())
        topic = self.short_phrase(label)
        for s in args.subjects(token):
            for a in accused:
                if a.kind in ("country", "person", "organization") and self.state(s) != self.state(a):
                    yield Candidate("accusation", s, a, token, {"topic": topic}, 0.6)

    @on_words("accusation", also=lambda t, lex: t.lower_ in lex["acts"]["culprit_words"])
    def culprit(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "May told parliament that Moscow was highly likely to have been behind the attack", "the
        minister said Kampala was responsible for the bombing", "held the Ugandan government responsible
        for the killings": whoever names the culprit of a harmful act accuses it. A narrator's own
        statement ("Kampala was behind the attack") names no accuser and is left alone."""
        lex = self.lex["acts"]
        acts = [
            p
            for c in ([token] if token.pos_ == "ADP" else [c for c in token.children if c.lower_ == "for"])
            for p in c.children
            if p.dep_ == "pobj" and p.lower_ in lex["harm_nouns"]
        ]
        if not acts:
            return
        topic = self.short_phrase(acts[0])
        if token.dep_ == "amod" and token.head.dep_ == "dobj" and token.head.head.lemma_ == "hold":
            # "held the Ugandan government responsible": the held one is the culprit
            holder = token.head.head
            accused = args.at(token.head) or args.modifiers(token.head)
            for s in args.subjects(holder):
                for a in accused:
                    yield Candidate("accusation", s, a, holder, {"topic": topic}, 0.6, rule="held")
            return
        if token.pos_ == "ADP" and token.dep_ != "prep":
            return
        # the copula or verb the culprit phrase hangs on, up through "likely to have been"
        clause = token.head
        while clause.dep_ in ("xcomp", "acomp") and clause.head != clause:
            clause = clause.head
        accused = args.subjects(clause)
        if not accused or (clause.lemma_ != "be" and clause.head.lemma_ != "be"):
            return
        # up to the verb through which someone says so
        speaker = clause
        while speaker.dep_ in ("ccomp", "xcomp", "acomp", "advcl") and speaker.head != speaker:
            speaker = speaker.head
            if speaker.pos_ == "VERB" and speaker.lemma_.lower() in lex["culprit_speech_verbs"]:
                break
        if speaker is clause or speaker.lemma_.lower() not in lex["culprit_speech_verbs"]:
            return
        for s in args.subjects(speaker):
            for a in accused:
                if self.state(s) != self.state(a):
                    yield Candidate("accusation", s, a, speaker, {"topic": topic}, 0.6)

    @on_words("accusation", verbs=("summon_verbs",))
    def summoned(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "summoned the Afghan ambassador", "summoned Japan's envoy": a formal protest, an accusation
        of the state the envoy serves."""
        envoys = set(self.lex["sanction"]["envoy_nouns"])
        for obj in (c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in envoys):
            accused = args.modifiers(obj) + args.prep_objects(obj, ("of", "from"))
            accused = accused or [m for m in args.at(obj) if m.kind == "person"]
            accusers = args.subjects(token)
            for a in accused:
                for s in accusers:
                    if self.state(s) != self.state(a):
                        yield Candidate("accusation", s, a, token, {"topic": "summoned envoy"}, 0.6)

    @on_words("accusation", nouns=("complaint_nouns",))
    def complaints(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "lodged an official protest with Albania", "filed a complaint against Japan"."""
        head = token.head
        if token.dep_ != "dobj" or head.lemma_.lower() not in self.lex["accusation"]["complaint_verbs"]:
            return
        accused = args.prep_objects(token, ("with", "against")) + args.prep_objects(head, ("with", "against"))
        if not accused:  # "lodged a protest against China's ban": the author of what is protested
            accused = [
                m
                for t in (token, head)
                for c in t.children
                if c.dep_ == "prep" and c.lower_ in ("against", "over")
                for p in c.children
                if p.dep_ == "pobj"
                for m in args.modifiers(p)
            ]
        protesters = args.subjects(head)
        if not accused and not any(c.dep_ == "prep" for t in (token, head) for c in t.children):
            # "China banned Japanese seafood. Tokyo lodged a protest.": against the deed told before
            own = {self.state(s) for s in protesters}
            accused = [
                m
                for m in self.last_deed_doers(head, args, [], deed=token, bare=True)
                if self.state(m) not in own
            ]
        for s in protesters:
            for o in accused:
                yield Candidate("accusation", s, o, token, {"topic": self.short_phrase(token)}, 0.6)

    @on_words("accusation", also=starts_phrase("accusation"))
    def phrased(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "pointed the finger at Caracas", "laid the blame on Kigali": idioms of accusing."""
        yield from self.phrased_stance(token, args, "accusation")
