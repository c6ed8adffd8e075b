"""Relation readers: one per fact type, each reading trigger words' arguments off the parse.

`RelationReader` dispatches every token to the readers of the fact types its word can trigger
(kg/nlp/readers/), then adds date, modality and evidence and turns candidates into contract Facts.
Acts of states (agreement, cooperation, trade, membership, military aid, sanction, conflict) take
countries, a person standing for the country they serve.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.model import Fact
from kg.nlp.args import Arguments, dates_for, modality_of
from kg.nlp.readers.accords import AccordReaders
from kg.nlp.readers.base import PERSON_ACTS, STATE_ACTS, Candidate, entity_of
from kg.nlp.readers.encounters import EncounterReaders
from kg.nlp.readers.force import ForceReaders
from kg.nlp.readers.memberships import MembershipReaders
from kg.nlp.readers.stances import StanceReaders

__all__ = ["Candidate", "RelationReader"]


class RelationReader(EncounterReaders, AccordReaders, StanceReaders, ForceReaders, MembershipReaders):
    """Reads all fact types from a linked Doc."""

    def read(self, doc: Doc, article_id: str, published: str | None, resolve_date) -> list[Fact]:
        args = Arguments(doc)
        facts: list[Fact] = []
        for sent in doc.sents:
            cands = (
                list(self._ruled(self.positions, sent, args))
                + list(self._ruled(self.presence, sent, args))
                + list(self._ruled(self.attendance, sent, args))
            )
            for token in sent:
                cands.extend(self.candidates(token, args))
            for cand in cands:
                fact = self._to_fact(cand, sent, article_id, published, resolve_date)
                if fact is not None:
                    facts.append(fact)
        return facts

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
        if cand.type == "position":
            date = None
        elif cand.date_expr is not None:
            date = cand.date_expr
        else:
            tense = "future" if modality == "planned" else None
            resolved = (
                resolve_date(span.text, published, tense=tense) for span in dates_for(cand.trigger, sent)
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

    @staticmethod
    def _ruled(reader: Callable[..., Iterator[Candidate]], *args: Any, **kwargs: Any) -> Iterator[Candidate]:
        """The reader's candidates, each named by the rule that made it ("stances.accusations", with a
        reader's own sub-rule after a slash), so that a wrong fact leads to its code in one step."""
        name = f"{reader.__module__.rsplit('.', 1)[-1]}.{reader.__name__}"
        for cand in reader(*args, **kwargs):
            cand.rule = f"{name}/{cand.rule}" if cand.rule else name
            yield cand

    def positions(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        for mention in args.in_sentence(sent):
            if not mention.role or mention.kind != "person":
                continue
            country = mention.stated_country or mention.entity.country
            if not country or country not in self.ref.countries:
                continue
            token = sent.doc[mention.start]
            yield Candidate(
                "position",
                mention,
                self.ref.country_entity(country),
                token,
                {"role": mention.role},
                0.9,
                modality="asserted",
            )

    def candidates(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """Every reader whose trigger words include this token (nouns by lemma or word form, so that
        "talks" and "drills" count as well as "talk" and "drill")."""
        lemma, lower = token.lemma_.lower(), token.lower_
        is_verb = token.pos_ in ("VERB", "AUX")
        is_noun = token.pos_ in ("NOUN", "PROPN")
        lex = self.lex

        def verb(section: str, *keys: str) -> bool:
            return is_verb and any(lemma in lex[section][key] for key in keys)

        def noun(section: str, *keys: str) -> bool:
            return is_noun and any(lemma in lex[section][key] or lower in lex[section][key] for key in keys)

        # encounters
        if verb("visit", "verbs") or noun("visit", "nouns"):
            yield from self._ruled(self.visits, token, args, is_verb)
        if lower in ("due", "expected") and token.head.lemma_ == "be" or lower == "due":
            yield from self._ruled(self.due_in, token, args)
        if verb("meeting", "verbs") or noun("meeting", "nouns"):
            yield from self._ruled(self.meetings, token, args, is_verb)
        if verb("handover", "verbs"):
            yield from self._ruled(self.handovers, token, args)
        if is_verb and lemma == "host" and token.tag_ == "VBN":
            yield from self._ruled(self.hosted_event, token, args)
        if is_verb and lemma == "join":
            yield from self._ruled(self.joined_remotely, token, args)
        if verb("meeting", "discuss_verbs"):
            yield from self._ruled(self.discussions, token, args)
        if verb("meeting", "host_verbs"):
            yield from self._ruled(self.hostings, token, args)
        # accords
        if verb("agreement", "verbs"):
            yield from self._ruled(self.agreements, token, args)
        if verb("agreement", "agree_verbs"):
            yield from self._ruled(self.agreed, token, args)
        if verb("agreement", "peace_verbs"):
            yield from self._ruled(self.made_peace, token, args)
        if verb("cooperation", "relation_verbs"):
            yield from self._ruled(self.relations_restored, token, args)
        if noun("agreement", "nouns"):
            yield from self._ruled(self.agreement_nouns, token, args)
        if noun("cooperation", "nouns") or verb("cooperation", "verbs"):
            yield from self._ruled(self.symmetric, "cooperation", token, args, is_verb, topic=True)
        joint = any(c.dep_ == "amod" and c.lower_ == "joint" for c in token.children)
        if (
            joint
            and token.dep_ == "dobj"
            and not noun("agreement", "nouns")
            and not noun("cooperation", "nouns")
        ):
            # "joint patrols"
            yield from self._ruled(self.symmetric, "cooperation", token, args, False, topic=True)
        if is_noun and lemma == "game" and any(c.lower_ == "war" for c in token.children):
            # war games
            yield from self._ruled(self.symmetric, "cooperation", token, args, False, topic=True)
        if verb("trade", "export_verbs", "import_verbs") or noun("trade", "export_nouns", "import_nouns"):
            yield from self._ruled(self.trades, token, args, is_verb)
        # stances
        if verb("support", "verbs", "act_verbs"):
            yield from self._ruled(self.directed, "support", token, args)
        if verb("support", "describe_verbs"):
            yield from self._ruled(self.described_partner, token, args)
            yield from self._ruled(self.described_threat, token, args)
        if verb("support", "ratify_verbs"):
            yield from self._ruled(self.ratified, token, args)
        if verb("support", "deserve_verbs"):
            yield from self._ruled(self.deserved, token, args)
        if verb("support", "side_verbs"):
            yield from self._ruled(self.sided, token, args)
        if any(lower.endswith(s) for s in lex["support"]["backed_suffixes"]) or (
            lower in ("backed", "supported") and token.i > 0 and token.nbor(-1).text in ("-", "–")
        ):
            yield from self._ruled(self.backed, token, args)
        if noun("opposition", "dispute_nouns"):
            yield from self._ruled(self.disputes, token, args)
        if verb("opposition", "verbs") or noun("opposition", "nouns"):
            yield from self._ruled(self.oppositions, token, args, is_verb)
        if verb("accusation", "summon_verbs"):
            yield from self._ruled(self.summoned, token, args)
        if noun("support", "stance_nouns"):
            yield from self._ruled(self.stance_nouns, token, args, "support")
        if noun("opposition", "concern_nouns"):
            yield from self._ruled(self.stance_nouns, token, args, "opposition")
        if verb("accusation", "verbs"):
            yield from self._ruled(self.accusations, token, args)
        if noun("accusation", "complaint_nouns"):
            yield from self._ruled(self.complaints, token, args)
        # force
        if verb("military_aid", "verbs"):
            yield from self._ruled(self.military_aid, token, args)
        if noun("military_aid", "nouns", "package_nouns"):
            yield from self._ruled(self.military_aid_nouns, token, args)
        restrictive = (
            is_noun
            and lemma == "measure"
            and any(
                c.dep_ == "amod" and c.lower_ in lex["sanction"]["measure_adjectives"] for c in token.children
            )
        )
        if noun("sanction", "nouns") or verb("sanction", "verbs") or restrictive:
            yield from self._ruled(self.sanctions, token, args, is_verb)
        if is_verb and lemma in ("suspend", "expel"):
            yield from self._ruled(self.suspended_from, token, args)
        if noun("sanction", "expulsion_nouns") or verb("sanction", "order_verbs"):
            yield from self._ruled(self.expulsions, token, args, is_verb)
        if noun("sanction", "suspension_nouns"):
            yield from self._ruled(self.suspensions, token, args)
        if verb("sanction", "tie_verbs", "expel_verbs"):
            yield from self._ruled(self.broken_ties, token, args)
        if noun("conflict", "nouns") or verb("conflict", "verbs"):
            yield from self._ruled(self.conflicts, token, args, is_verb)
        # memberships
        if verb("membership", "decline_verbs"):
            yield from self._ruled(self.declined_invitation, token, args)
        if verb("membership", "org_verbs"):
            yield from self._ruled(self.org_memberships, token, args)
        if verb("membership", "join_verbs", "leave_verbs", "apply_verbs") or noun("membership", "nouns"):
            yield from self._ruled(self.memberships, token, args, is_verb)


def _stripped_span(sent: Span) -> tuple[int, int]:
    """Character offsets of the sentence without the whitespace around it: text[a:b] == evidence."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(text.strip())
