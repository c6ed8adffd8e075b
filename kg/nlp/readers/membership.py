"""Memberships of organisations: joining, leaving, applying, observer and partner status."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.lexicon import anaphora
from kg.nlp.mentions import Mention
from kg.nlp.readers.base import (
    NOMINAL_MEMBERSHIP,
    Candidate,
    ReaderBase,
    clause_of,
    starts_phrase,
)
from kg.nlp.readers.registry import on_words, reader

CHAIRS = ("chair", "chairmanship", "presidency")


@reader("membership")
class MembershipReader(ReaderBase):
    @staticmethod
    def _described(phrase: Token, args: Arguments) -> list[Mention]:
        """What a noun phrase is said of: the subject of "X became a member", the anchor of an
        apposition "Hungary, one of the bloc's member states"."""
        t = phrase
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ == "one":
            t = t.head.head
        if t.dep_ == "appos":
            return args.at(t.head)
        if t.dep_ in ("attr", "oprd", "dobj", "pobj") and t.head.pos_ in ("VERB", "AUX", "ADP"):
            head = t.head.head if t.head.pos_ == "ADP" else t.head
            if head.pos_ not in ("VERB", "AUX"):
                return []
            # "Belarus was admitted as a full member", "were made candidates"
            return args.subjects(head) or args.passive_subjects(head)
        return []

    @staticmethod
    def _listed_after(first: Mention, args: Arguments) -> list[Mention]:
        """ "a member of A, B and C": the organisations listed right after the first, which the
        parser may attach elsewhere (as an apposition of the sentence's subject)."""
        doc = args.doc
        by_start = {m.start: m for m in args.ordered if m.kind == "organization"}
        out: list[Mention] = []
        i = first.end
        while i < len(doc) and doc[i].sent == doc[first.start].sent:
            if doc[i].lower_ in (",", "and", "the"):
                i += 1
                continue
            nxt = by_start.get(i)
            if nxt is None or doc[nxt.start : nxt.end].root.dep_ in ("nsubj", "nsubjpass"):
                break  # ", and NATO said ...": a new clause, not the list
            out.append(nxt)
            i = nxt.end
        return out

    @staticmethod
    def _companions(verb: Token, args: Arguments) -> list[Mention]:
        """Who did it too: "Chile joined along with Peru", "became an observer, together with Peru"."""
        out: list[Mention] = []
        for c in verb.children:
            if c.dep_ != "prep":
                continue
            if c.lower_ == "with" and any(a.lower_ == "together" for a in c.children):
                out += args.prep_objects(verb, ("with",))
            elif c.lower_ == "along":
                out += [
                    m
                    for w in c.children
                    if w.dep_ == "prep" and w.lower_ == "with"
                    for p in w.children
                    if p.dep_ == "pobj"
                    for m in args.at(p)
                ]
        return out

    @staticmethod
    def _names_unknown_organization(token: Token, args: Arguments) -> bool:
        """ "applied to join the Andean Community", "the Pacific Alliance's four members": the phrase
        names an organisation the reference does not know, so it is not the story's last one."""
        known = {i for m in args.in_sentence(token.sent) for i in range(m.start, m.end)}
        # "held observer status in the Arctic Council": the phrase may hang off the noun's head
        clause = clause_of(token)
        heads = [h for h in (token.head, clause) if h is not None and h != token]
        phrases = [
            t
            for h in heads
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("in", "of", "to", "with")
            for t in c.subtree
        ]
        return any(t.ent_type_ == "ORG" and t.i not in known for t in (*token.subtree, *phrases))

    @on_words("membership", verbs=("org_verbs", "founding_verbs"))
    def org_memberships(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The union groups Russia, Armenia ...", "took in India and Pakistan", "was founded by
        China, Russia ..." (an organisation as subject, its members as object)."""
        lemma = token.lemma_.lower()
        if lemma == "take" and not any(c.dep_ == "prt" and c.lower_ == "in" for c in token.children):
            return
        if lemma == "bring" and not any(c.lower_ == "together" for c in token.children):
            return  # "brings together A, B and C" names members; "brought sanctions" does not
        # "admitted Bolivia as its sixth member", "welcomed Bolivia as an observer": the standing
        # ("as partner countries": the standing may be the compound of the phrase's noun)
        standing = [
            w.lemma_.lower()
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children
            if p.dep_ == "pobj"
            for w in (p, *(k for k in p.children if k.dep_ == "compound"))
            if w.lemma_.lower() in NOMINAL_MEMBERSHIP
        ]
        if lemma in self.lex["membership"]["as_member_verbs"] and not standing:
            return  # "the bloc welcomed the decision": welcoming is no admission without "as a member"
        status = standing[0] if standing and standing[0] in ("observer", "partner") else "member"
        founding = lemma in self.lex["membership"]["founding_verbs"]
        if founding and token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj"):
            # "the three countries signed a pact, creating the Alliance of Sahel States": the
            # signers founded it
            for o in args.direct_objects(token):
                if o.kind == "organization":
                    for m in args.subjects(token):
                        if m.kind == "country":
                            yield Candidate("membership", m, o, token, {"status": "member"}, 0.6)
            return
        if founding and lemma != "found" and not args.passive_subjects(token):
            return  # "Brazil launched the group": the founders are its subjects, read when passive
        if args.passive_subjects(token):
            orgs, members = args.passive_subjects(token), args.subjects(token)
            if founding and not any(o.kind == "organization" for o in orgs):
                return  # "the initiative was launched by China": no organisation founded
            if lemma not in ("found", "admit", "readmit", "accept") and not founding:
                return
            if not founding and not any(o.kind == "organization" for o in orgs):
                # "Cambodia was admitted in 1999": admitted to the organisation of the story
                into = [m for m in args.prep_objects(token, ("to", "into")) if m.kind == "organization"]
                recent = self.recent_organization(token)
                orgs = into or ([recent] if recent is not None else [])
                members = args.passive_subjects(token)
        else:
            orgs = args.subjects(token)
            members = args.direct_objects(token) + args.prep_objects(token, ("in",))
        for o in orgs:
            if o.kind != "organization":
                continue
            for m in members:
                if m.kind == "country":
                    yield Candidate("membership", m, o, token, {"status": status}, 0.7)

    @on_words(
        "membership",
        also=lambda t, lex: (
            t.pos_ == "NOUN" and t.dep_ == "ROOT" and t.lower_ in lex["membership"]["misread_org_verbs"]
        ),
    )
    def groups_misread(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The union groups Russia, Armenia and Belarus", parsed as a noun phrase ("the union
        groups") with the members in apposition: the organisation named or pointed to groups them."""
        before = [c for c in token.children if c.dep_ in ("compound", "nmod") and c.i < token.i]
        orgs = [m for c in before for m in args.at(c) if m.kind == "organization"]
        if not orgs and any(anaphora().get(c.lemma_.lower()) == "organization" for c in before):
            recent = self.recent_organization(token)
            orgs = [recent] if recent is not None else []
        members = [m for c in token.children if c.dep_ in ("appos", "dobj") for m in args.at(c)]
        for o in orgs:
            for m in members:
                if m.kind == "country":
                    yield Candidate("membership", m, o, token, {"status": "member"}, 0.6)

    @on_words(
        "membership", verbs=("join_verbs", "leave_verbs", "apply_verbs"), nouns=("nouns",), with_pos=True
    )
    def memberships(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        lex = self.lex["membership"]
        lemma = token.lemma_.lower()
        modality = None
        status = "member"
        if is_verb:
            members = args.subjects(token)
            orgs = args.direct_objects(token) + args.prep_objects(token, lex["object_preps"])
            # "joined EU sanctions", "left the NATO mission": the organisation only names what is joined
            orgs = [
                m
                for m in orgs
                if not (
                    (root := args.doc[m.start : m.end].root).dep_ in ("compound", "amod", "poss", "nmod")
                    and root.head.pos_ == "NOUN"
                )
            ]
            if lemma in lex["leave_verbs"]:
                modality = "negated"
            elif lemma in lex["apply_verbs"]:
                status = "applicant"
                # "applied for full membership of the UN": the body named inside the "for" phrase
                orgs += [m for m in args.prep_objects(token, ("for",), deep=True) if m.kind == "organization"]
            elif token.dep_ == "xcomp" and token.head.lemma_.lower() in lex["apply_verbs"] + ["seek", "bid"]:
                status, modality = "applicant", "asserted"  # "applied to join": the application happened
        else:
            phrase = token.head if token.dep_ == "compound" else token  # "member states"
            joining = [  # "Ukraine's bid to join the European Union"
                m
                for c in token.children
                if c.dep_ in ("xcomp", "acl") and c.lemma_.lower() in lex["join_verbs"]
                for m in args.direct_objects(c)
            ]
            orgs = joining + _unique_mentions(
                args.prep_objects(phrase, lex["object_preps"])
                + [m for m in args.modifiers(token) + args.modifiers(phrase) if m.kind == "organization"]
            )
            # "its NATO ally Lithuania": the member is the ally named, not the possessor
            agents = [] if lemma == "ally" else args.noun_agents(token)
            members = [m for m in agents if m.kind not in ("organization", "person")]
            if not members and phrase is not token:  # "fellow ASEAN member Vietnam", "its NATO ally Latvia"
                members = [m for m in args.at(phrase) if m.kind == "country"]
            if not members:  # "the EU member Hungary"
                members = [
                    m for c in phrase.children if c.dep_ == "appos" for m in args.at(c) if m.kind == "country"
                ]
            if not members:
                members = [m for m in self._described(phrase, args) if m.kind != "organization"]
            if lemma in ("admission", "accession", "entry"):  # "the admission of the SADR"
                members += [m for m in args.prep_objects(token, ("of",)) if m.kind == "country"]
            if lemma in CHAIRS:  # "takes over the chair from Kyrgyzstan"
                head = token.head if token.dep_ == "dobj" else token
                members += [m for m in args.prep_objects(head, ("from",)) if m.kind == "country"]
                if not orgs:  # "the presidency of the Council of the EU": the body an organ is of
                    orgs = [
                        m for m in args.prep_objects(phrase, ("of",), deep=True) if m.kind == "organization"
                    ]
            if lemma in ("request", "application") and not (
                orgs
                or any(c.dep_ == "xcomp" and c.lemma_.lower() in lex["join_verbs"] for c in token.children)
                or any(
                    c.lower_ == "for" and any(p.lemma_.lower() == "membership" for p in c.children)
                    for c in token.children
                )
            ):
                return  # a request to join, or for membership; not any request
            if token.dep_ == "pobj" and token.head.head.lemma_.lower() in lex["apply_verbs"]:
                return  # "applied for membership": the verb's reader has it, as an application
            decline = token.head
            if (
                lemma in ("membership", "accession")
                and token.dep_ == "dobj"
                and decline.lemma_.lower() in lex["decline_verbs"]
                and not any(m.kind == "country" for m in args.modifiers(token))
                and orgs
            ):
                # "Norway, whose voters rejected EU membership": its own membership, declined
                for member in self._subject_states(decline, args):
                    for org in orgs[:1]:
                        yield Candidate(
                            "membership", member, org, decline, {"status": "member"}, 0.6, modality="negated"
                        )
                return
            if (
                lemma not in ("bid", "request", "application")
                and token.dep_ == "dobj"
                and token.head.lemma_.lower()
                in (
                    self.lex["support"]["ratify_verbs"]
                    + self.lex["opposition"]["verbs"]
                    + self.lex["support"]["verbs"]
                )
            ):
                return  # "ratified/opposes/backed its accession": a stance on a membership, not one
            if (
                lemma in ("bid", "request", "application")
                and token.dep_ in ("dobj", "nsubjpass")
                and decline.lemma_.lower() in lex["leave_verbs"]
            ):
                # "Argentina withdrew its application to join": declining to join
                status, modality = "member", "negated"
            elif lemma in ("bid", "candidate", "request", "application"):
                status = "applicant"
            elif lemma == "partner" and any(
                c.dep_ in ("amod", "compound") and c.lower_ in lex["closeness_adjectives"]
                for c in token.children
            ):
                return  # "a close partner of the EU", "its largest trading partner": a relationship
            elif lemma == "partner" and any(m.kind == "country" for m in args.modifiers(token)):
                return  # "its British partners": partners of a state, not of an organisation
            elif lemma in ("observer", "partner"):
                if (
                    phrase.dep_ == "pobj"
                    and phrase.head.lower_ == "as"
                    and phrase.head.head.lemma_.lower() in lex["standing_verbs"] + lex["org_verbs"]
                ):
                    # "participated as an observer" (took_part_as reads it), "were admitted as
                    # partner countries" (org_memberships reads who was admitted)
                    return
                status = lemma
            elif lemma in ("exit", "withdrawal", "departure"):
                modality = "negated"
        clause = token if is_verb else clause_of(token)
        if members and clause is not None:
            members = members + [m for m in self._companions(clause, args) if m.kind == "country"]
        if not is_verb and len(orgs) == 1 and orgs[0].kind == "organization":
            orgs = orgs + self._listed_after(orgs[0], args)
        named = [o for o in orgs if o.kind == "organization"]
        # "Qatar left in 2019": a time phrase does not name what was left
        intransitive = is_verb and not any(
            c.dep_ == "dobj"
            or (
                c.dep_ == "prep"
                and any(p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME") for p in c.children)
            )
            for c in token.children
        )
        unspecified = not any(c.dep_ == "prep" and c.lower_ in ("of", "to", "in") for c in token.children)
        # "tariffs on partners": a partner named in another phrase than a standing ("became partners",
        # "as a partner") is a trading or political partner, not the story's organisation's
        loose_partner = lemma == "partner" and token.dep_ == "pobj" and token.head.lower_ not in ("as", "of")
        if (
            not named
            and not loose_partner
            and not self._names_unknown_organization(token, args)
            and (
                (lemma in NOMINAL_MEMBERSHIP and unspecified)
                or (
                    is_verb
                    and lemma in lex["apply_verbs"]
                    # ("applied to join NATO": the joining verb's reader names the body)
                    and not any(
                        c.dep_ == "xcomp" and c.lemma_.lower() in lex["join_verbs"] for c in token.children
                    )
                )
                or (intransitive and lemma in lex["leave_verbs"])  # "Qatar left in 2019"
            )
        ):
            recent = self.recent_organization(token)
            orgs = [recent] if recent is not None else []
        for m in members:
            for o in orgs:
                if o.kind == "organization":
                    yield Candidate(
                        "membership",
                        m,
                        o,
                        token,
                        {"status": status},
                        0.75,
                        modality=modality,
                        undated=lemma in CHAIRS,  # "holds the chair this year": a member since before
                    )

    def _subject_states(self, verb: Token, args: Arguments) -> list[Mention]:
        """The states a verb's subject names, or those of the antecedent of a "whose" subject
        ("Norway, whose voters rejected ...", "Erdogan, whose country takes part ...")."""
        found = [m for m in args.subjects(verb) if m.kind == "country"]
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if found or subject is None or verb.dep_ != "relcl":
            return found
        if not any(c.dep_ == "poss" and c.lower_ == "whose" for c in subject.children):
            return []
        states = [self.state(m) for m in args.at(verb.head)]
        return [
            Mention(subject.i, subject.i + 1, s, "whose")
            for s in states
            if s is not None and s.kind == "country"
        ]

    @on_words("membership", verbs=("standing_verbs",))
    def took_part_as(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Timor-Leste participated as an observer", "Belarus attended the summit as a partner": a
        state taking part in a standing holds it in the organisation named, or the story's."""
        standing = [
            p.lemma_.lower()
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children
            if p.dep_ == "pobj" and p.lemma_.lower() in ("observer", "partner")
        ]
        if not standing:
            return
        if token.lemma_.lower() == "take" and not any(c.lower_ == "part" for c in token.children):
            return
        named = [
            m
            for m in args.direct_objects(token) + args.prep_objects(token, ("in", "at"))
            if m.kind == "organization"
        ]
        named += [
            m
            for c in token.children
            if c.dep_ == "dobj"
            for m in args.modifiers(c)
            if m.kind == "organization"
        ]
        doc = token.doc
        start = doc[token.sent.start - 1].sent.start if token.sent.start > 0 else token.sent.start
        lately = [m for m in doc._.mentions or [] if start <= m.start < token.i and m.kind == "organization"]
        for member in self._subject_states(token, args):
            # of the bodies the story names lately, one the reference knows the state in, if any
            known = [
                m
                for m in lately
                if member.entity.country in self.ref.members(m.entity.id.split("/", 1)[1], None)
            ]
            recent = self.recent_organization(token)
            org = next(iter(named), None) or (known[-1] if known else recent)
            if org is not None:
                yield Candidate(
                    "membership", member, org, token, {"status": standing[0]}, 0.6, undated=True
                )  # a standing held, not the day it was granted

    @on_words("membership", verbs=("chair_verbs",))
    def chaired(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Brazil, which chaired the G20 last year", "India chairs the SCO summit": a state chairing
        an organisation, or a meeting of one, is its member (a person chairing is read elsewhere)."""
        objects = [c for c in token.children if c.dep_ == "dobj"]
        # "chaired the 43rd session of the Supreme Council of the GCC": the body deeper in the phrase
        orgs = [
            m
            for o in objects
            for m in args.at(o) + args.modifiers(o) + args.prep_objects(o, ("of",), deep=True)
            if m.kind == "organization"
        ]
        # "the Crown Prince chaired the summit": a leader chairs for his state
        states = [self.state(s) for s in args.subjects(token) if s.kind in ("country", "person")]
        members = [
            Mention(token.i, token.i + 1, s, "chair")
            for s in dict.fromkeys(states)
            if s is not None and s.kind == "country"
        ]
        for org in _unique_mentions(orgs)[:1]:
            for member in members:
                if member.kind == "country":
                    yield Candidate("membership", member, org, token, {"status": "member"}, 0.6, undated=True)

    @on_words("membership", verbs=("decline_verbs",))
    def declined_invitation(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Argentina declined the invitation": declining to join is a negated membership."""
        lex = self.lex["membership"]
        offers = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in lex["offer_nouns"]]
        if not offers:
            return
        orgs = [m for m in args.prep_objects(offers[0], ("to", "from")) if m.kind == "organization"]
        recent = self.recent_organization(token)
        for org in orgs or ([recent] if recent is not None else []):
            for m in args.subjects(token):
                if m.kind == "country" or self.state(m) is not None:
                    yield Candidate(
                        "membership", m, org, token, {"status": "member"}, 0.6, modality="negated"
                    )

    @on_words("membership", also=starts_phrase("membership"))
    def left_by_phrase(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Argentina pulled out of UNASUR", "broke away from the bloc": leaving, a negated membership."""
        orgs, _ = self.phrased_objects(token, "membership", args)
        for m in args.subjects(token):
            for o in orgs:
                if o.kind == "organization" and (m.kind == "country" or self.state(m) is not None):
                    yield Candidate("membership", m, o, token, {"status": "member"}, 0.65, modality="negated")

    @on_words("membership", verbs=("grant_verbs",))
    def granted_standing(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "granted Georgia the status of a candidate country", "gave Kyiv observer status": the
        organisation (its leaders', or the story's) gives the standing the phrase names."""
        lex = self.lex["membership"]
        objects = [c for c in token.children if c.dep_ == "dobj"]
        words = {t.lemma_.lower() for o in objects for t in o.subtree}
        standing = next((s for s, status in lex["standings"].items() if s in words), None)
        if standing is None:
            return
        members = [m for c in token.children if c.dep_ == "dative" for m in args.at(c)]
        members += args.prep_objects(token, ("to",))
        orgs = [m for m in args.subjects(token) if m.kind == "organization"]
        if any(c.dep_ == "auxpass" for c in token.children):
            # "Bosnia was granted candidate status by the EU", "which applied ... and was granted ...":
            # the passive's subject (a coordinated verb's, when it has none) receives the standing
            # from the "by" agent
            members = args.passive_subjects(token) or (
                [m for m in args.subjects(token.head) if m.kind == "country"] if token.dep_ == "conj" else []
            )
            orgs = [m for m in args.prep_objects(token, ("by",)) if m.kind == "organization"]
        recent = self.recent_organization(token)
        for org in orgs or ([recent] if recent is not None else []):
            for m in members:
                if m.kind == "country":
                    yield Candidate("membership", m, org, token, {"status": lex["standings"][standing]}, 0.6)

    @on_words("membership", nouns=("accession_nouns",))
    def accession_talks(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "agreed to open accession negotiations with Albania": the state negotiating its entry is an
        applicant of the organisation that negotiates (named as the subject, else the story's)."""
        head = token.head
        talks = self.lex["membership"]["accession_talk_nouns"]
        if token.dep_ != "compound" or (head.lemma_.lower() not in talks and head.lower_ not in talks):
            return
        members = [m for m in args.prep_objects(head, ("with",)) if m.kind == "country"]
        verb = clause_of(token)
        orgs = [m for m in args.subjects(verb) if m.kind == "organization"] if verb is not None else []
        recent = self.recent_organization(token)
        for org in orgs or ([recent] if recent is not None else []):
            for m in members:
                yield Candidate("membership", m, org, token, {"status": "applicant"}, 0.6)
