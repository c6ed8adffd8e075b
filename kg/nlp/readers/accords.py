"""Accords: agreements, cooperation and trade between states."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments, sentence_dates
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.readers.base import Candidate, ReaderBase, phrase


class AccordReaders(ReaderBase):
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
        if len(persons) >= 2 and token.lemma_.lower() not in self.lex["agreement"]["joint_verbs"]:
            # leaders signing together have met; a joint statement can be issued apart
            yield from self._meet(persons, token, args, [token], 0.65)

    def agreed(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Ethiopia and Somalia agreed to put aside ...", "the two sides agreed on arrangements":
        an agreement between the parties; cooperation when what they agreed to is working together."""
        parties, others = args.subjects(token), args.prep_objects(token, ("with",))
        goals = [c for c in token.children if c.dep_ == "xcomp"]
        goal = goals[0] if goals else None
        cooperative = goal is not None and goal.lemma_.lower() in self.lex["agreement"]["cooperative_goals"]
        kind = "cooperation" if cooperative else "agreement"
        topic: str | None
        if goal is not None:
            topic = phrase(t for t in goal.subtree if t.dep_ != "aux")
        else:
            on = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children]
            topic = self.short_phrase(on[0]) if on else None
        yield from self._pairs(kind, parties, others, token, {"topic": topic}, 0.6)

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

    def agreement_nouns(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "a trade agreement between Tehran and ...", "its agreement with Israel", "a signing ceremony
        for cooperation documents" (the signers are the clause's subject)."""
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.lex["agreement"]["verbs"]:
            return  # the verb reader has it
        between = args.prep_objects(token, ("between",))
        topic = {"topic": self.short_phrase(token)}
        if len(between) >= 2:
            # "between Tehran and several states, which include Armenia and Belarus": first side
            # against the others
            yield from self._pairs("agreement", between[:1], between[1:], token, topic, 0.7)
            return
        issuers = [  # "a joint statement issued by India and Chile", "a treaty signed by A and B"
            m
            for c in token.children
            if c.dep_ == "acl" and c.lemma_.lower() in self.lex["agreement"]["verbs"]
            for m in args.subjects(c)
        ]
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

    def symmetric(
        self, kind: str, token: Token, args: Arguments, is_verb: bool, topic: bool
    ) -> Iterator[Candidate]:
        preps = self.lex[kind]["object_preps"]
        if is_verb:
            parties, others = args.subjects(token), args.prep_objects(token, preps)
        else:
            parties, others = args.noun_agents(token), args.prep_objects(token, preps)
            if token.dep_ in ("dobj",) and token.head.pos_ == "VERB":
                others += args.prep_objects(token.head, preps)
        text = self.short_phrase(token) if topic and not is_verb else None
        yield from self._pairs(kind, parties, others, token, {"topic": text}, 0.65)

    def trades(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        from kg.quantities import find_money

        lex = self.lex["trade"]
        exporting = token.lemma_.lower() in lex["export_verbs"] or token.lower_ in lex["export_nouns"]
        actor = args.subjects(token) if is_verb else args.modifiers(token)
        scope = token if is_verb else token.head
        stop = {c.i for c in scope.children if c.dep_ == "conj" and c.pos_ == "VERB" and c != token}
        clause = [t for t in scope.subtree if not any(token.doc[i].is_ancestor(t) or t.i == i for i in stop)]
        partner = _unique_mentions(
            [
                m
                for t in clause
                if t.dep_ == "prep" and t.lower_ in ("to", "from", "with")
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
        )
        if not clause or not partner or not actor:
            return
        lo, hi = min(t.idx for t in clause), max(t.idx + len(t) for t in clause)
        money = find_money(token.doc.text[lo:hi])
        if not money:
            return
        amount = money[0]
        period = self.period(token, clause)
        for a in actor:
            for b in partner:
                sa, sb = self.state(a), self.state(b)
                if sa is None or sb is None:
                    continue
                exporter, importer = (sa, sb) if exporting else (sb, sa)
                attrs = {
                    "value": amount.value,
                    "currency": amount.currency,
                    "period": period[0] if period else None,
                }
                yield Candidate(
                    "trade", exporter, importer, token, attrs, 0.75, date_expr=period[1] if period else None
                )

    @staticmethod
    def period(token: Token, clause: list[Token]) -> tuple[str, str] | None:
        """(period, date) of a trade figure from the DATE phrases of its clause: "in 2024" ->
        ("2024", "2024"); "the ten months between March 2024 and January 2025" ->
        ("2024-03/2025-01", "2024-03")."""
        from kg.dates import resolve_period

        doc = token.doc
        published = doc.user_data.get("published")
        ids = {t.i for t in clause}
        sent_dates = sentence_dates(token.sent)
        dates = [e for e in sent_dates if e.start in ids] or sent_dates[:1]
        if not dates:
            return None
        first = dates[0]
        end = first.end
        following = [e for e in sent_dates if e.start > first.start]
        if following and doc[first.end].lower_ == "and" and following[0].start == first.end + 1:
            end = following[0].end
        found = resolve_period(doc[first.start : end].text, published)
        return (found.value, found.start) if found else None

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
