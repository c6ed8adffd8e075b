"""Opposition: criticism, disputes, concern and threats named."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments, clause_verb
from kg.nlp.readers.base import Candidate, ReaderBase, phrase, starts_phrase
from kg.nlp.readers.registry import on_words, reader


@reader("opposition")
class OppositionReader(ReaderBase):
    @on_words("support", verbs=("describe_verbs",))
    def described_threat(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "described the alliance's expansion as an encroachment on Russian interests": opposition to
        whoever the described thing belongs to."""
        label, described = self.labelled_as(token, self.lex["opposition"]["threat_nouns"])
        if described is None or label is None or (label.dep_ == "amod" and label.i < label.head.i):
            return  # ("called it unjustified" labels the act; "a hostile state" is no label of it)
        targets = args.at(described) or args.modifiers(described)
        if not targets:  # "Algiers cut ties. Rabat called the decision unjustified.": its maker
            targets = self.last_deed_doers(token, args, self.deed_nouns())
        for s in args.subjects(token):
            for t in targets:
                if t.kind in ("country", "organization", "bloc"):
                    yield Candidate("opposition", s, t, token, {"topic": self.words(described)}, 0.55)

    @on_words("opposition", verbs=("elicit_verbs",))
    def drew_criticism(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Manila's move drew sharp criticism from Beijing": the critic opposes the author of the
        act (the owner of the subject noun, or the subject itself when it is an actor); "drew praise
        from" supports it."""
        lex = self.lex["opposition"]
        wanted = {
            **dict.fromkeys(lex["elicited_nouns"], "opposition"),
            **dict.fromkeys(lex["elicited_praise"], "support"),
        }
        elicited = [c for c in token.children if c.dep_ == "dobj" and c.lower_ in wanted]
        if not elicited:
            return
        stance = wanted[elicited[0].lower_]  # "drew criticism from X" opposes, "drew praise" supports
        critics = [m for e in elicited for m in args.prep_objects(e, ("from",))]
        critics += args.prep_objects(token, ("from",))
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        authors = [m for s in subjects for m in (args.at(s) or args.modifiers(s))]
        if not authors and subjects:
            # "Modi flew to Moscow on Monday. The visit drew sharp criticism from Kyiv.": the deed told
            deeds = [*self.lex["acts"]["deed_anaphors"], *self.lex["visit"]["nouns"]]
            authors = self.last_deed_doers(token, args, deeds, deed=subjects[0])
        for c in critics:
            for a in authors:
                if c.entity.id != a.entity.id and self.state(c) != self.state(a):
                    topic = {"topic": self.words(subjects[0])} if stance == "opposition" else {}
                    yield Candidate(stance, c, a, token, topic, 0.55)

    @on_words("opposition", verbs=("end_verbs",), nouns=("end_call_nouns",))
    def demanded_end(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "demanded an end to the blockade imposed by the United States", "called for an end to
        Chile's occupation of the port", "calls for the release of activists detained in the
        kingdom": whoever does what is to end is opposed."""
        lex = self.lex["opposition"]
        ends = [c for c in token.children if c.dep_ == "dobj"]
        ends += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children]
        acts = [
            p
            for e in ends
            if e.lemma_.lower() in lex["end_nouns"]
            for c in e.children
            if c.dep_ == "prep" and c.lower_ in ("to", "of")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        authors = [m for a in acts for m in args.act_authors(a) if m.kind in ("country", "organization")]
        # "the release of activists detained in the kingdom": the state holding them
        # (the parser may hang the participle on the people or on "release")
        held = [*acts, *(e for e in ends if e.lemma_.lower() == "release")]
        authors += [
            m
            for a in held
            for c in a.children
            if c.dep_ == "acl" and c.tag_ == "VBN"
            for m in args.prep_objects(c, ("in", "by"))
            if m.kind == "country"
        ]
        if token.pos_ == "NOUN":  # "Canadian calls for ...": whose calls
            subjects = args.modifiers(token)
        else:
            subjects = args.subjects(token)
        if not subjects and token.dep_ == "acl":  # "a resolution demanding an end to ...": its adopters
            subjects = args.noun_agents(token.head)
        topic = self.words((acts or ends)[0]) if acts or ends else None
        for s in subjects:
            for o in authors:
                if self.state(s) != self.state(o):
                    yield Candidate("opposition", s, o, token, {"topic": topic}, 0.55)

    @on_words(
        "opposition",
        also=lambda t, lex: (
            t.pos_ == "ADJ" and t.dep_ == "acomp" and t.lower_ in lex["opposition"]["dismay_adjectives"]
        ),
    )
    def dismayed_that(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Zelensky said it was deeply disappointing that the Indian leader would embrace Putin": the
        speaker opposes the one the that-clause says acts."""
        be = token.head
        if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in be.children) or be.dep_ != "ccomp":
            return
        clauses = [c for h in (token, be) for c in h.children if c.dep_ == "ccomp"]
        actors = [
            m
            for c in clauses
            for s in c.children
            if s.dep_ in ("nsubj", "nsubjpass")
            for m in (args.at(s) or args.modifiers(s))
        ]
        for speaker, actor in self.across_states(args.subjects(be.head), actors):
            yield Candidate("opposition", speaker, actor, token, {"topic": self.words(token)}, 0.55)

    @on_words("opposition", nouns=("dispute_nouns",))
    def disputes(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Egypt, which is locked in a long dispute with Ethiopia": opposition to the other side."""
        others = args.prep_objects(token, ("with", "against"))
        sides = args.noun_agents(token) or self._climb_subjects(token, args)
        if not sides and token.dep_ == "pobj":  # "Egypt is locked in a dispute with Ethiopia"
            sides = args.passive_subjects(clause_verb(token))
        # "the bloc ended a rift with Doha", "resolved the dispute": one that is over
        ended = token.dep_ == "dobj" and token.head.lemma_.lower() in self.lex["acts"]["settle_verbs"]
        for s in sides:
            for o in others:
                if o.kind in ("country", "organization", "bloc"):
                    yield Candidate(
                        "opposition",
                        s,
                        o,
                        token,
                        {"topic": self.short_phrase(token)},
                        0.55,
                        modality="negated" if ended else None,
                    )

    @on_words("opposition", verbs=("verbs",), nouns=("nouns",), with_pos=True)
    def oppositions(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["opposition"]["object_preps"]
        if is_verb:
            # "rejected an Indian proposal", "is opposed to French mediation": what is opposed may be
            # named inside the object phrase
            subjects = args.subjects(token) or args.passive_subjects(token)
            targets = args.object_nouns(token)
            if any(
                t.lemma_.lower() in ("membership", "accession")
                and not any(m.kind == "country" for m in args.modifiers(t))
                for t in targets
            ):
                return  # "rejected EU membership": its own, declined (the membership reader's)
            # "blocked a package of EU support for Kyiv": the beneficiary named inside is the target
            # ("a bid for membership of the UN": the body applied to is no beneficiary)
            clause = {t.i for t in token.subtree}  # not the clause itself, when it hangs inside the phrase
            beneficiaries = [
                m
                for t in targets
                for m in args.prep_objects(t, ("for",), deep=True)
                if m.kind != "organization" and m.start not in clause
            ]
            owners = [m for t in targets for m in args.modifiers(t) if m.kind != "organization"]
            # "rejected the decision by Ottawa to keep Lima on its list": the act's author, not who
            # the act names
            # ("criticised sanctions imposed by the West": a participle's "by" agent too)
            owners = owners or [m for t in targets for m in args.act_authors(t)]
            # (a phrase a relative clause points back to is too long to take whatever it names)
            own = [t for t in targets if t.head == token]
            # ("criticised curbs on firms accused of helping Moscow": not what a clause inside names)
            inner = {x.i for t in own for c in t.subtree if c.dep_ in ("acl", "relcl") for x in c.subtree}
            named = [m for t in own for m in args.within(t) if m.start not in inner]
            objects = beneficiaries or owners or named
            objects += args.prep_objects(token, ("to",), deep=True)
            if not objects:  # "Egypt criticised the pact": whoever the story last told made it
                objects = self.last_deed_doers(token, args, self.deed_nouns())
            topic = self.short_phrase(targets[0]) if targets else None
        else:
            subjects = args.noun_agents(token)
            if not subjects:
                subjects = self._climb_subjects(token, args)
            objects = args.prep_objects(token, preps, deep=True)
            topic = phrase(
                t
                for c in token.children
                if c.dep_ == "prep"
                for p in c.children
                if p.dep_ == "pobj"
                for t in p.subtree
                if t.ent_type_ not in ("BLOC",) and t.dep_ not in ("amod",) or t.pos_ == "NOUN"
            )
        for s in subjects:
            for o in objects:
                if o.kind in ("country", "bloc", "organization"):
                    yield Candidate("opposition", s, o, token, {"topic": topic}, 0.6)

    @on_words("opposition", nouns=("concern_nouns",))
    def concern_noun(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "voiced concern over New Delhi's ties"."""
        yield from self.stance_nouns(token, args, "opposition")

    @on_words("opposition", also=starts_phrase("opposition"))
    def phrased(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "lashed out at Caracas", "hit out at Washington over the embargo", "railed against the
        bloc": idioms of criticism whose last word points at the one criticised."""
        yield from self.phrased_stance(token, args, "opposition", ("country", "bloc", "organization"))
