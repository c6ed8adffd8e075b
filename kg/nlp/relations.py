"""Relation readers: one per fact type, each reading trigger words' arguments off the parse.

`RelationReader` dispatches every token to the readers of the fact types its word can trigger
(kg/nlp/readers/), then adds date, modality and evidence and turns candidates into contract Facts.
Acts of states (agreement, cooperation, trade, membership, military aid, sanction, conflict) take
countries, a person standing for the country they serve.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.model import Fact
from kg.nlp.args import Arguments, dates_for, modality_of
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.readers.accords import AccordReaders
from kg.nlp.readers.base import PERSON_ACTS, SPEECH_VERBS, STATE_ACTS, Candidate, entity_of
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
                list(self.positions(sent, args))
                + list(self.presence(sent, args))
                + list(self.attendance(sent, args))
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
        )

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
        lemma = token.lemma_.lower()
        lower = token.lower_
        is_verb = token.pos_ in ("VERB", "AUX")
        is_noun = token.pos_ in ("NOUN", "PROPN")
        lex = self.lex
        if (
            is_verb
            and lemma in lex["visit"]["verbs"]
            or is_noun
            and (lemma in lex["visit"]["nouns"] or lower in lex["visit"]["nouns"])
        ):
            yield from self.visits(token, args, is_verb)
        if (
            is_verb
            and lemma in lex["meeting"]["verbs"]
            or is_noun
            and (lemma in lex["meeting"]["nouns"] or lower in lex["meeting"]["nouns"])
        ):
            yield from self.meetings(token, args, is_verb)
        if is_verb and lemma in lex["handover"]["verbs"] and not any(c.dep_ == "prt" for c in token.children):
            # "handed Finland's instrument of accession to Blinken": "to" may hang off the object
            receivers = [
                m
                for t in token.subtree
                if t.dep_ == "prep" and t.lower_ == "to"
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
                if m.kind == "person"
            ]
            givers = [m for m in args.subjects(token) if m.kind == "person"]
            if receivers and givers:
                yield from self._meet(_unique_mentions(givers + receivers), token, args, [token], 0.6)
        if is_verb and lemma == "host" and token.tag_ == "VBN":
            yield from self.hosted_event(token, args)
        if is_verb and lemma == "join" and self._joined_remotely(token):
            # "Erdogan joined by telephone": a participant of the meeting the story just told of
            joiners = [m for m in args.subjects(token) if m.kind == "person"]
            others = list(token.doc.user_data.get("last_meeting", []))
            group = _unique_mentions(joiners + others)
            if joiners and len(group) > len(joiners):
                yield from self._meet(group, token, args, [], 0.5, visits=False)
        if is_verb and lemma in lex["meeting"]["discuss_verbs"]:
            persons = [
                m for m in args.subjects(token) + args.prep_objects(token, ("with",)) if m.kind == "person"
            ]
            if len(_unique_mentions(persons)) >= 2:  # who talked; where is not what they talked about
                yield from self._meet(_unique_mentions(persons), token, args, [], 0.6, visits=False)
        if is_verb and lemma in lex["meeting"]["host_verbs"]:
            yield from self.hostings(token, args)
        if is_verb and lemma in lex["membership"]["decline_verbs"]:
            offers = [
                c
                for c in token.children
                if c.dep_ == "dobj" and c.lemma_.lower() in lex["membership"]["offer_nouns"]
            ]
            if offers:
                orgs = [m for m in args.prep_objects(offers[0], ("to", "from")) if m.kind == "organization"]
                recent = self.recent_organization(token)
                for org in orgs or ([recent] if recent is not None else []):
                    for m in args.subjects(token):
                        if m.kind == "country" or self.state(m) is not None:
                            yield Candidate(
                                "membership", m, org, token, {"status": "member"}, 0.6, modality="negated"
                            )
        if is_verb and lemma in lex["membership"]["org_verbs"]:
            yield from self.org_memberships(token, args)
        if is_verb and lemma in lex["agreement"]["verbs"]:
            yield from self.agreements(token, args)
        if is_verb and lemma in lex["agreement"]["agree_verbs"]:
            yield from self.agreed(token, args)
        if is_verb and lemma in lex["agreement"]["peace_verbs"]:
            yield from self.made_peace(token, args)
        if is_verb and lemma in lex["cooperation"]["relation_verbs"]:
            objs = [
                c
                for c in token.children
                if c.dep_ == "dobj" and c.lower_ in lex["cooperation"]["relation_nouns"]
            ]
            if objs:
                others = args.prep_objects(token, ("with",)) + args.prep_objects(objs[0], ("with",))
                topic = {"topic": self.short_phrase(objs[0])}
                parties = args.subjects(token)
                if others:  # "X and Y normalised ties with Israel": each with Israel, not with each other
                    for p in parties:
                        yield from self._pairs("cooperation", [p], others, token, topic, 0.6)
                else:
                    yield from self._pairs("cooperation", parties, others, token, topic, 0.6)
        if is_noun and (lemma in lex["agreement"]["nouns"] or lower in lex["agreement"]["nouns"]):
            yield from self.agreement_nouns(token, args)
        if (
            is_noun
            and (lemma in lex["cooperation"]["nouns"] or lower in lex["cooperation"]["nouns"])
            or is_verb
            and lemma in lex["cooperation"]["verbs"]
        ):
            yield from self.symmetric("cooperation", token, args, is_verb, topic=True)
        if (
            is_verb
            and (lemma in lex["trade"]["export_verbs"] or lemma in lex["trade"]["import_verbs"])
            or (is_noun and (lower in lex["trade"]["export_nouns"] or lower in lex["trade"]["import_nouns"]))
        ):
            yield from self.trades(token, args, is_verb)
        if is_verb and lemma in lex["support"]["verbs"]:
            yield from self.directed("support", token, args)
        if is_verb and lemma in lex["support"]["describe_verbs"]:
            yield from self.described_partner(token, args)
            yield from self.described_threat(token, args)
        if is_verb and lemma in lex["support"]["ratify_verbs"]:
            yield from self.ratified(token, args)
        if is_verb and lemma in lex["support"]["deserve_verbs"]:
            speaker = next((t for t in token.ancestors if t.lemma_.lower() in SPEECH_VERBS), None)
            if speaker is not None:
                for s in args.subjects(speaker):
                    for o in args.subjects(token):
                        if s.entity.id != o.entity.id:
                            yield Candidate("support", s, o, token, {}, 0.55)
        if is_verb and lemma in lex["support"]["side_verbs"]:
            for s in args.subjects(token):
                for o in args.prep_objects(token, ("with",)):
                    yield Candidate("support", s, o, token, {}, 0.6)
        if is_noun and (
            lemma in lex["opposition"]["dispute_nouns"] or lower in lex["opposition"]["dispute_nouns"]
        ):
            yield from self.disputes(token, args)
        if any(lower.endswith(s) for s in lex["support"]["backed_suffixes"]) or (
            lower in ("backed", "supported") and token.i > 0 and token.nbor(-1).text in ("-", "–")
        ):
            yield from self.backed(token, args)
        if (
            is_verb
            and lemma in lex["opposition"]["verbs"]
            or is_noun
            and (lemma in lex["opposition"]["nouns"] or lower in lex["opposition"]["nouns"])
        ):
            yield from self.oppositions(token, args, is_verb)
        if is_verb and lemma in lex["accusation"]["verbs"]:
            yield from self.accusations(token, args)
        if is_verb and lemma in lex["military_aid"]["verbs"]:
            yield from self.military_aid(token, args)
        if is_noun and lower in lex["sanction"]["nouns"] or is_verb and lemma in lex["sanction"]["verbs"]:
            yield from self.sanctions(token, args, is_verb)
        if is_verb and lemma in ("suspend", "expel") and args.passive_subjects(token):
            yield from self.suspended_from(token, args)
        if is_noun and (
            lemma in lex["sanction"]["suspension_nouns"] or lower in lex["sanction"]["suspension_nouns"]
        ):
            yield from self.suspensions(token, args)
        if is_noun and (
            lemma in lex["accusation"]["complaint_nouns"] or lower in lex["accusation"]["complaint_nouns"]
        ):
            yield from self.complaints(token, args)
        if (
            is_noun
            and token.dep_ == "dobj"
            and any(c.dep_ == "amod" and c.lower_ == "joint" for c in token.children)
            and not (lemma in lex["agreement"]["nouns"] or lower in lex["agreement"]["nouns"])
            and not (lemma in lex["cooperation"]["nouns"] or lower in lex["cooperation"]["nouns"])
        ):
            yield from self.symmetric(
                "cooperation", token, args, False, topic=True
            )  # "conducted joint patrols"
        if is_noun and lemma == "game" and any(c.lower_ == "war" for c in token.children):
            yield from self.symmetric("cooperation", token, args, False, topic=True)  # joint war games
        if is_verb and lemma in lex["sanction"]["tie_verbs"] + lex["sanction"]["expel_verbs"]:
            yield from self.broken_ties(token, args)
        if (
            is_noun
            and (lemma in lex["conflict"]["nouns"] or lower in lex["conflict"]["nouns"])
            or is_verb
            and lemma in lex["conflict"]["verbs"]
        ):
            yield from self.conflicts(token, args, is_verb)
        if (
            is_verb
            and lemma
            in (
                lex["membership"]["join_verbs"]
                + lex["membership"]["leave_verbs"]
                + lex["membership"]["apply_verbs"]
            )
            or is_noun
            and (lemma in lex["membership"]["nouns"] or lower in lex["membership"]["nouns"])
        ):
            yield from self.memberships(token, args, is_verb)


def _stripped_span(sent: Span) -> tuple[int, int]:
    """Character offsets of the sentence without the whitespace around it: text[a:b] == evidence."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(text.strip())
