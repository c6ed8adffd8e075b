"""Relation reading: every registered rule (kg/nlp/readers/registry.py) and every frame pattern
(kg/data/frames.toml, kg/nlp/readers/frames.py) over a linked Doc.

`RelationReader` wakes, for every token, the rules whose trigger words or tests take it, and every
sentence rule for every sentence, then adds date, modality and evidence and turns candidates into
contract Facts. Acts of states (agreement, cooperation, trade, membership, military aid, sanction,
conflict) take countries, a person standing for the country they serve.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.fact_types import PERSON_ACTS, STATE_ACTS
from kg.model import Fact
from kg.nlp.args import Arguments, clause_verb, dates_for, modality_of
from kg.nlp.readers.base import Candidate, ReaderBase, entity_of
from kg.nlp.readers.frames import FrameMatcher
from kg.nlp.readers.registry import Rule, rules
from kg.reference import Reference

__all__ = ["Candidate", "RelationReader"]


class RelationReader(ReaderBase):
    """Reads all fact types from a linked Doc with the registered rules."""

    def __init__(self, reference: Reference) -> None:
        super().__init__(reference)
        registered = rules()
        instances = {cls: cls(reference) for cls in {r.owner for r in registered}}
        # (rule, bound method) in registry order; token rules indexed by the words that wake them
        bound = [(rule, getattr(instances[rule.owner], rule.method)) for rule in registered]
        self._sentence_rules = [(r, m) for r, m in bound if r.trigger is None]
        self._token_rules = [(r, m) for r, m in bound if r.trigger is not None]
        self._by_verb: dict[str, list[int]] = defaultdict(list)
        self._by_noun: dict[str, list[int]] = defaultdict(list)
        self._frames: FrameMatcher | None = None  # built on the first Doc's vocabulary
        self._by_test: list[tuple[int, Callable[[Token, dict[str, Any]], bool]]] = []
        for n, (rule, _) in enumerate(self._token_rules):
            trigger = rule.trigger
            assert trigger is not None
            for word in trigger.words(self.lex, trigger.verbs):
                self._by_verb[word].append(n)
            for word in trigger.words(self.lex, trigger.nouns):
                self._by_noun[word].append(n)
            if trigger.also is not None:
                self._by_test.append((n, trigger.also))

    def read(self, doc: Doc, article_id: str, published: str | None, resolve_date) -> list[Fact]:
        args = Arguments(doc)
        if self._frames is None:
            self._frames = FrameMatcher(doc.vocab)
        framed = self._frames.candidates(doc, args)
        facts: list[Fact] = []
        told = 0  # how many facts the sentence before gave (the last of `facts`)
        for sent in doc.sents:
            cands = [c for rule, method in self._sentence_rules for c in _named(rule, method(sent, args))]
            cands += framed.get(sent.start, [])
            for token in sent:
                cands.extend(self.candidates(token, args))
            here: list[Fact] = []
            for cand in cands:
                fact = self._to_fact(cand, sent, article_id, published, resolve_date)
                if fact is not None:
                    here.append(fact)
            deniers = self._deniers(sent, args)
            for n in range(len(facts) - told, len(facts)) if deniers else ():
                fact = facts[n]
                if fact.type in STATE_ACTS and fact.modality == "asserted" and fact.subject is not None:
                    if fact.subject.id in deniers:  # "X says Iran arms them. Iran denies it."
                        facts[n] = dataclasses.replace(fact, modality="alleged")
            facts.extend(here)
            told = len(here)
        return facts

    def _deniers(self, sent: Span, args: Arguments) -> set[str]:
        """The states a short denial sentence is of ("Iran denies it.", "Moscow rejected the
        accusations."): the subjects of its root when it denies what was said, not something named."""
        root = sent.root
        lex = self.lex["acts"]
        if root.lemma_.lower() not in lex["denial_verbs"]:
            return set()
        objects = [c for c in root.children if c.dep_ in ("dobj", "ccomp")]
        if any(o.lower_ not in lex["denied_objects"] for o in objects):
            return set()
        return {s.id for m in args.subjects(root) if (s := self.state(m)) is not None}

    def candidates(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """Candidates of every rule this token wakes, in registry order: as a verb by its lemma, as a
        noun by lemma or word form (so that "talks" and "drills" count as well as "talk" and
        "drill"), or through a rule's own test."""
        is_verb = token.pos_ in ("VERB", "AUX")
        is_noun = token.pos_ in ("NOUN", "PROPN")
        woken: set[int] = set()
        if is_verb:
            woken.update(self._by_verb.get(token.lemma_.lower(), ()))
        if is_noun:
            woken.update(self._by_noun.get(token.lemma_.lower(), ()))
            woken.update(self._by_noun.get(token.lower_, ()))
        woken.update(n for n, test in self._by_test if test(token, self.lex))
        for n in sorted(woken):
            rule, method = self._token_rules[n]
            trigger = rule.trigger
            assert trigger is not None
            if trigger.only_if is not None and not trigger.only_if(token):
                continue
            kwargs = dict(trigger.arguments)
            if trigger.with_pos:
                kwargs["is_verb"] = is_verb
            yield from _named(rule, method(token, args, **kwargs))

    def _to_fact(self, cand: Candidate, sent: Span, article_id, published, resolve_date) -> Fact | None:
        subject, obj = entity_of(cand.subject), entity_of(cand.object)
        if cand.type in STATE_ACTS:
            subject, obj = self.state(subject) if subject else None, self.state(obj) if obj else None
            if obj is None and cand.type != "accusation":
                return None
            if subject is None and cand.type not in ("accusation",):
                return None
        if cand.type in PERSON_ACTS and subject is not None and subject.kind == "country":
            subject = self.speaker(cand.trigger, subject) or subject
        if subject is not None and obj is not None and subject.id == obj.id:
            return None
        if subject is None and obj is None:
            return None
        modality = cand.modality or modality_of(cand.trigger)
        if modality is None:
            return None
        if cand.type == "position" or cand.undated:
            date = None
        elif cand.date_expr is not None:
            date = cand.date_expr
        else:
            # a planned act's own time phrase looks forward; one of the clause reporting it does not
            # ("Israel recalled its envoys on Wednesday after they said they would recognise ...")
            own = clause_verb(cand.trigger)
            resolved = (
                resolve_date(
                    span.text,
                    published,
                    tense="future" if modality == "planned" and _looks_forward(span, own) else None,
                )
                for span in dates_for(cand.trigger, sent)
            )
            date = next((d for d in resolved if d), None)
        return Fact(
            article=article_id,
            type=cand.type,
            subject=subject,
            object=obj,
            date=date,
            modality=modality,
            attributes={k: v for k, v in cand.attributes.items() if v not in (None, "")},
            evidence=sent.text.strip(),
            confidence=cand.confidence,
            span=_stripped_span(sent),
            rule=f"{cand.rule} '{cand.trigger.text}'",
        )


def _looks_forward(date: Span, verb: Token) -> bool:
    """Whether a planned act's time phrase points ahead: it belongs to `verb`'s clause (or to a
    noun phrase), or to another clause telling something planned too ("is due to travel to Djibouti
    on Wednesday, where he will meet ..."), not to a clause reporting what was done ("recalled its
    envoy on Wednesday after X said it would ...")."""
    other = clause_verb(date.root.head)
    if other.pos_ not in ("VERB", "AUX"):
        return True
    return other == verb or verb.is_ancestor(other) or modality_of(other) == "planned"


def _named(rule: Rule, candidates: Iterator[Candidate]) -> Iterator[Candidate]:
    """The rule's candidates, each named by the rule that made it ("accusation.accusations", with a
    rule's own sub-rule after a slash), so that a wrong fact leads to its code in one step."""
    for cand in candidates:
        cand.rule = f"{rule.name}/{cand.rule}" if cand.rule else rule.name
        yield cand


def _stripped_span(sent: Span) -> tuple[int, int]:
    """Character offsets of the sentence without the whitespace around it: text[a:b] == evidence."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(text.strip())
