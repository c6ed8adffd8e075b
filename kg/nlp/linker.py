"""Entity linking and in-document coreference.

Turns the entity spans of a Doc into `Mention`s of linked entities: reference entities by id,
persons clustered by name (a surname after a first full mention is the same person), role phrases
("the Belarusian president", "his counterpart"), he/she, and pair nouns ("the two leaders").
Titles before or beside a name ("Kazakh President Kassym-Jomart Tokayev") give the person's role
and country, kept on the mention as a stated position.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.model import Entity
from kg.nlp.groups import GroupResolution
from kg.nlp.lexicon import anaphora, city_country, role_nouns, title_roles, title_words, triggers
from kg.nlp.mentions import Mention, Person, office_before
from kg.nlp.repairs import repair
from kg.nlp.ruler import LABEL_KIND
from kg.nlp.titles import TitleReading
from kg.reference import Reference, load_reference

__all__ = ["Linker", "Mention", "make_linker"]

_NAME_NOISE = ("'s", "’s")


def _appositive_names(doc: Doc) -> list[Span]:
    """Names the tagger missed that an apposition says are persons: "Rahm Emanuel, the U.S.
    ambassador to Japan, ..." (two to four capitalised words before ", the/a/its ... <office>")."""
    offices = {noun.split()[-1] for noun in [*role_nouns(), *title_roles()]}
    found: list[Span] = []
    for token in doc:
        if token.dep_ != "appos" or token.lemma_.lower() not in offices:
            continue
        if not any(c.dep_ in ("det", "poss") for c in token.children):
            continue
        head = token.head
        if head.pos_ != "PROPN" or not head.is_title or head.ent_type_ or head.i + 1 >= len(doc):
            continue
        if doc[head.i + 1].text != ",":
            continue
        start = head.i
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and not doc[start - 1].ent_type_
        ):
            start -= 1
        if 2 <= head.i + 1 - start <= 4 and (
            start == 0 or not doc[start - 1].is_title or doc[start - 1].is_sent_start
        ):
            found.append(Span(doc, start, head.i + 1, label="PERSON"))
    return found


_PATRONYMIC = frozenset({"bin", "ibn", "bint"})
# Lower-case particles inside a family name ("Ursula von der Leyen", "Ludwig van der Berg")
_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "del", "della", "di", "du", "da", "dos", "la", "le", "zu"}
)


def _with_particles(doc: Doc, spans: list[Span]) -> list[Span]:
    """Person names the tagger cut at a particle ("Ursula von" + "der Leyen" read as a place): the
    name runs on through its particles to the capitalised surname, and what it covers is dropped."""
    out: list[Span] = []
    swallowed = -1
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < swallowed:
            continue  # covered by a name extended before
        end = span.end
        if span.label_ == "PERSON":
            j = end - 1 if doc[end - 1].lower_ in _PARTICLES else end
            k = j
            while k < len(doc) and doc[k].lower_ in _PARTICLES and k < span.sent.end - 1:
                k += 1
            if k > j and k < len(doc) and doc[k].is_title and doc[k].pos_ == "PROPN":
                end = k + 1
                while (
                    end < len(doc)
                    and doc[end].pos_ == "PROPN"
                    and doc[end].is_title
                    and doc[end].ent_iob_ == "I"
                ):
                    end += 1
        if end != span.end:
            span = Span(doc, span.start, end, label="PERSON")
            swallowed = end
        out.append(span)
    return out


class Linker(TitleReading, GroupResolution):
    """Resolves a Doc's entity spans into Mentions (doc._.mentions), sorted by position."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self.seats = reference.seat_organizations()  # "brussels" -> the EU
        self.by_id: dict[str, Entity] = {}
        for form in reference.surface_forms():
            self.by_id.setdefault(form.entity.id, form.entity)

    def __call__(self, doc: Doc) -> Doc:
        repair(doc)  # the parse every later step reads
        published = doc.user_data.get("published")
        persons: list[Person] = []
        cluster_of: dict[int, Person] = {}  # mention index -> person cluster
        mentions: list[Mention] = []
        covered: set[int] = set()
        for span in _with_particles(doc, [*doc.ents, *_appositive_names(doc)]):
            mention = self._link_span(span, persons, cluster_of)
            if mention is None:
                continue
            mentions.append(mention)
            covered.update(range(span.start, span.end))
        missed = self._repeated_surnames(doc, mentions, covered, cluster_of)
        mentions.extend(missed)
        mentions.sort(key=lambda m: m.start)
        for n, mention in enumerate(mentions):
            if id(mention) in cluster_of and mention.via != "surname-again":
                self._read_title(doc, mention, cluster_of[id(mention)], mentions[:n])
        self._infer_countries(doc, mentions, cluster_of)
        extra = self._role_phrases(doc, covered, mentions, cluster_of, persons, published)
        mentions.extend(extra)
        mentions.sort(key=lambda m: m.start)
        # Freeze clusters into entities now that every name, title and country is known.
        frozen = {id(p): p.entity() for p in persons}
        for mention in mentions:
            person = cluster_of.get(id(mention))
            if person is not None:
                mention.entity = frozen[id(person)]
        self._seats_acting(doc, mentions)
        mentions.extend(self._pronouns_and_pairs(doc, mentions))
        mentions.sort(key=lambda m: m.start)
        doc._.mentions = mentions
        return doc

    def _seats_acting(self, doc: Doc, mentions: list[Mention]) -> None:
        """ "Brussels imposed tariffs", "accused Brussels of ...": an organisation's seat named as
        the one acting is the organisation; as a place ("talks in Brussels") it stays its country."""
        if not self.seats:
            return
        travel = set(triggers()["visit"]["verbs"])
        for mention in mentions:
            span = doc[mention.start : mention.end]
            org = self.seats.get(span.text.lower())
            if org is None or mention.kind != "country":
                continue
            root = span.root
            while root.dep_ == "conj" and root.head != root:  # "Washington and Brussels imposed ..."
                root = root.head
            acting = root.dep_ in ("nsubj", "nsubjpass", "poss") or (
                root.dep_ == "pobj" and root.head.lower_ in ("by", "between", "against")
            )
            acting = acting or (root.dep_ == "dobj" and root.head.lemma_.lower() not in travel)
            if acting:
                mention.entity = org

    @staticmethod
    def _repeated_surnames(
        doc: Doc, mentions: list[Mention], covered: set[int], cluster_of: dict
    ) -> list[Mention]:
        """ "Foreign Minister Gabrielius Landsbergis ... Landsbergis welcomed the decision": the model
        misses a bare surname now and then; a person named in full before is named again by it."""
        first: dict[str, tuple[int, Mention]] = {}
        for m in mentions:
            person = cluster_of.get(id(m))
            if person is None or m.end - m.start < 2:
                continue
            surname = doc[m.end - 1].text
            if len(surname) >= 4 and surname[0].isupper() and surname not in first:
                first[surname] = (m.end, m)
        out: list[Mention] = []
        for token in doc:
            found = first.get(token.text)
            if (
                found is None
                or token.i < found[0]
                or token.i in covered
                or token.pos_ != "PROPN"
                or (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].is_title)
                or (token.i > 0 and doc[token.i - 1].pos_ == "PROPN" and doc[token.i - 1].is_title)
            ):
                continue
            source = found[1]
            mention = Mention(token.i, token.i + 1, source.entity, "surname-again")
            cluster_of[id(mention)] = cluster_of[id(source)]
            out.append(mention)
            covered.add(token.i)
        return out

    def _named_person(
        self,
        persons: list[Person],
        cluster_of: dict,
        start: int,
        end: int,
        name: str,
        reference: Entity | None = None,
    ) -> Mention:
        """A mention of the person of this name (in the cluster of that name, or of `reference`)."""
        mention = Mention(start, end, Entity(name, "person"), "ner")
        cluster_of[id(mention)] = self._cluster(persons, name, reference)
        return mention

    def _patronymic(self, span: Span, persons: list[Person], cluster_of: dict) -> Mention | None:
        """ "Prince Mohammed bin Salman bin Abdulaziz Al Saud": a known name after "bin" is the
        father's, inside the son's longer name; the son is the longest known prefix of the whole
        name ("Mohammed bin Salman"), or a person of that whole name."""
        doc = span.doc
        start = span.start - 1
        while start > span.sent.start and (
            doc[start - 1].lower_ in _PATRONYMIC
            or (doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title)
        ):
            if doc[start - 1].lower_.strip(".") in title_words() or doc[start - 1].lower_ in (
                "prince",
                "sheikh",
            ):
                break
            start -= 1
        if doc[start].lower_ in _PATRONYMIC:
            return None
        for end in range(span.end, start + 1, -1):
            known = self.ref.person_entity(doc[start:end].text)
            if known is not None:
                person = self._cluster(persons, known.label, known)
                mention = Mention(start, span.end, known, "reference")
                cluster_of[id(mention)] = person
                return mention
        return self._named_person(persons, cluster_of, start, span.end, doc[start : span.end].text)

    def _link_span(self, span: Span, persons: list[Person], cluster_of: dict) -> Mention | None:
        label = span.label_
        if span.ent_id_ and label == "PERSON" and len(span) == 1 and span.end < len(span.doc):
            doc = span.doc
            after = doc[span.end]
            hyphenated = after.text == "-" and not span[-1].whitespace_  # "Anwar-ul-Haq Kakar"
            if (after.pos_ == "PROPN" and after.is_title and not after.ent_id_) or hyphenated:
                # "Abbas Aliabadi" is not Mahmoud Abbas: a surname pattern inside a longer name
                end = span.end + 1
                while (
                    hyphenated
                    and end < span.sent.end
                    and (
                        doc[end].text == "-"
                        or doc[end - 1].text == "-"
                        or (doc[end].pos_ == "PROPN" and doc[end].is_title)
                    )
                ):
                    end += 1
                return self._named_person(persons, cluster_of, span.start, end, doc[span.start : end].text)
        if (
            span.ent_id_
            and label == "PERSON"
            and span.start >= 2
            and span.doc[span.start - 1].lower_ in _PATRONYMIC
        ):
            return self._patronymic(span, persons, cluster_of)
        if span.ent_id_ and label == "PERSON" and len(span) == 1 and span.start > 0:
            before = span.doc[span.start - 1]
            entity = self.by_id.get(span.ent_id_)
            names = {
                w for e in ([entity] if entity else []) for n in (e.label, *e.aliases) for w in n.split()
            }
            grammar = triggers()["grammar"]
            if (
                before.pos_ == "PROPN"
                and before.is_title
                and not before.is_sent_start  # "Embattled Lukashenko said": capitals say nothing there
                and not before.ent_id_
                and before.ent_type_ in ("", "PERSON")  # not "On Tuesday Harris said"
                and before.text not in names
                and before.lower_.strip(".") not in title_words()
                and before.lower_.strip(".") not in (*grammar["address_words"], *grammar["rank_words"])
            ):
                # "Kamala Harris" is not Simon Harris: another given name before a known surname
                name = span.doc[before.i : span.end].text
                return self._named_person(persons, cluster_of, before.i, span.end, name)
        if span.ent_id_ and label in LABEL_KIND:
            entity = self.by_id.get(span.ent_id_)
            if entity is None:
                return None
            if entity.kind == "person":
                person = self._cluster(persons, entity.label, entity)
                mention = Mention(span.start, span.end, entity, "reference")
                cluster_of[id(mention)] = person
                return mention
            return Mention(span.start, span.end, entity, "reference")
        text = span.text
        for noise in _NAME_NOISE:
            text = text.removesuffix(noise)
        if label == "PERSON":
            name = self._strip_titles(text)
            if not name or not name[0].isupper():
                return None
            return self._named_person(
                persons, cluster_of, span.start, span.end, name, self.ref.person_entity(name)
            )
        if label in ("GPE", "NORP", "LOC", "ORG", "FAC"):
            # A surname the model mistook for a nationality or place ("Pezeshkian" as NORP).
            for person in persons:
                if " " not in text and text == person.surname:
                    mention = Mention(span.start, span.end, Entity(text, "person"), "surname")
                    cluster_of[id(mention)] = person
                    return mention
            entity = self.ref.resolve(text)
            if entity is not None and entity.kind != "person":
                return Mention(span.start, span.end, entity, "resolved")
            country = city_country(text) if label in ("GPE", "LOC", "FAC") else None
            if country and country in self.ref.countries:
                return Mention(span.start, span.end, self.ref.country_entity(country), "city")
        return None

    @staticmethod
    def _strip_titles(name: str) -> str:
        words = name.split()
        words_lower = title_words()
        while words and words[0].lower().strip(".") in words_lower | {"former", "interim", "acting"}:
            words = words[1:]
        return " ".join(words)

    @staticmethod
    def _cluster(persons: list[Person], name: str, reference: Entity | None) -> Person:
        for person in persons:
            if reference is not None and person.reference is not None and person.reference.id == reference.id:
                return person
            known = {n.lower() for n in person.names} | {person.label.lower()}
            if person.reference:
                known |= {a.lower() for a in person.reference.aliases}
            if name.lower() in known:
                if reference is not None and person.reference is None:
                    person.reference = reference
                return person
            if " " not in name and name == person.surname:
                return person
            if (
                " " in name
                and name.split()[-1] == person.surname
                and person.reference is None
                and (all(" " not in n for n in person.names))
            ):
                person.names.append(name)
                person.reference = reference
                return person
        person = Person([name], reference, reference.country if reference else None)
        persons.append(person)
        return person

    def _role_phrases(self, doc, covered, mentions, cluster_of, persons, published) -> list[Mention]:
        """Mentions for nouns that stand for someone or something already named: "the Belarusian
        president", "his counterpart", "the foreign ministers of Saudi Arabia and Iran", "the bloc"."""
        nouns = role_nouns()
        pointers = anaphora()
        out: list[Mention] = []
        for token in doc:
            if token.i in covered or token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
                continue
            lemma = token.lemma_.lower()
            if lemma in pointers and token.tag_ in ("NN", "NNP"):
                mention = self._pointer(doc, token, pointers[lemma], mentions + out)
                if mention is not None:
                    out.append(mention)
                continue
            noun = lemma
            left = doc[token.i - 1].lower_ if token.i > 0 else ""
            if f"{left} {noun}" in nouns:
                noun = f"{left} {noun}"
            if noun not in nouns or (
                token.tag_ == "NNP" and token.i + 1 < len(doc) and doc[token.i + 1].is_title
            ):
                continue  # a capitalised title before a name ("Crown Prince and ..."), read by _read_title
            if any(c.ent_type_ == "PERSON" for c in token.children if c.dep_ in ("appos", "compound")):
                continue
            role = nouns[noun] or None
            if any(
                c.dep_ == "det" and c.lower_ in ("a", "an", "another", "any", "every") for c in token.children
            ):
                continue  # "a visit by an Iranian president": someone, not someone named
            if token.tag_ in ("NNS", "NNPS"):
                countries = [
                    self._country_at(doc, p)
                    for c in token.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children
                    if p.dep_ == "pobj"
                    for p in [p, *p.conjuncts]
                ]
                for code in dict.fromkeys(c for c in countries if c):
                    person = self._find_person(mentions, cluster_of, code, role, noun) if role else None
                    if person is None and role:
                        person = self._holder(persons, code, role, published)
                    if person is not None:
                        # "the foreign ministers of Saudi Arabia and Iran" states each one's office
                        mention = Mention(
                            token.i,
                            token.i + 1,
                            Entity(person.label, "person"),
                            "role",
                            role=role,
                            stated_country=code,
                        )
                        cluster_of[id(mention)] = person
                        out.append(mention)
                continue
            country = None
            for child in token.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod"):
                    country = self._country_at(doc, child) or country
                elif child.dep_ == "prep" and child.lower_ == "of":
                    # "the President of the Republic of Kenya, H.E. Mr. X"
                    for p in child.children:
                        if p.dep_ == "pobj":
                            country = self._country_at(doc, p) or country
            earlier = [m for m in mentions if m.start < token.i]
            if noun == "counterpart" and not country:
                # "Putin praised his counterpart": the last person named before this sentence's own
                this_sentence = {id(cluster_of.get(id(m))) for m in earlier if m.start >= token.sent.start}
                earlier = [m for m in earlier if id(cluster_of.get(id(m))) not in this_sentence]
                noun = "leader"  # any office
            named_after_role = role
            if noun == "counterpart" and country:
                # "the defence chief met his Peruvian counterpart": Peru's holder of the same office
                role = office_before(earlier, token.sent.start) or role
            person = self._find_person(earlier, cluster_of, country, role, noun)
            if person is None and country:
                # "his Belarusian counterpart, President Aleksandr Lukashenko": named just after.
                later = [m for m in mentions if token.i < m.start < token.sent.end]
                person = self._find_person(list(reversed(later)), cluster_of, country, named_after_role, noun)
            if person is None and country and role:
                person = self._holder(persons, country, role, published)
            if person is None:
                continue
            mention = Mention(token.i, token.i + 1, Entity(person.label, "person"), "role")
            cluster_of[id(mention)] = person
            out.append(mention)
        return out

    @staticmethod
    def _pointer(doc: Doc, token: Token, kind: str, mentions: list[Mention]) -> Mention | None:
        """ "the bloc" -> the last organisation named; "the country" -> the last country named nearby."""
        dets = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "amod")}
        if "the" not in dets or dets & {"two", "both", "three", "other", "another"}:
            return None
        if token.is_title and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children):
            return None  # "the Pacific Alliance" is a name the reference does not know, not "the alliance"
        if (
            token.is_title
            and token.i != token.sent.start
            and any(
                c.dep_ == "prep"
                and c.lower_ == "of"
                and any(p.dep_ == "pobj" and (p.pos_ in ("PROPN", "NUM") or p.is_title) for p in c.children)
                for c in token.children
            )
        ):
            return None  # "the Group of 77", "the Council of Europe": a name, not "the group"
        before = [m for m in mentions if m.start < token.i and m.kind == kind]
        if kind == "country":
            # "the kingdom", "the nation": the country the story is about among those named nearby
            counts: dict[str, int] = {}
            for m in before:
                counts[m.entity.id] = counts.get(m.entity.id, 0) + 1
            for m in mentions:  # a country's leaders speak for its salience too
                code = m.stated_country or m.entity.country
                if m.kind == "person" and m.start < token.i and code:
                    counts[f"country/{code}"] = counts.get(f"country/{code}", 0) + 1
            if not before:
                return None
            # "the kingdom", "the sultanate": of the countries named, those of that form of state
            form = token.lemma_.lower()
            formed = [
                m
                for m in before
                if any(form in n.lower().split() for n in (m.entity.label, *m.entity.aliases))
            ]
            best = max(formed or before, key=lambda m: (counts[m.entity.id], m.start))
            return Mention(token.i, token.i + 1, best.entity, "pointer")
        if before:
            entity = max(before, key=lambda m: m.start).entity
            # "the Pacific forum" after NATO is another forum: a capitalised modifier must be a word
            # of the name it points back to ("the Gulf bloc" for the Gulf Cooperation Council)
            names = " ".join([entity.label, *(entity.aliases or [])]).lower().split()
            named_by = [
                c.lower_
                for c in token.children
                if c.dep_ in ("compound", "amod", "nmod") and c.text[:1].isupper() and c.i > 0
            ]
            if any(word not in names for word in named_by):
                return None
            return Mention(token.i, token.i + 1, entity, "pointer")
        return None

    @staticmethod
    def _find_person(earlier, cluster_of, country, role, noun) -> Person | None:
        for mention in reversed(earlier):
            person = cluster_of.get(id(mention))
            if person is None:
                continue
            if country and person.country != country:
                continue
            if role and person.roles and role not in person.roles:
                continue
            if (
                not country
                and not role
                and noun not in person.titles
                and noun not in ("leader", "host", "guest")
            ):
                continue
            if not country and role and role not in person.roles:
                continue
            return person
        return None

    def _holder(self, persons, country, role, published) -> Person | None:
        holders = self.ref.holders(country=country, role=role, on=published)
        if len(holders) != 1:
            return None
        entity = self.ref.person_entity(holders[0].person)
        if entity is None:
            return None
        person = self._cluster(persons, entity.label, entity)
        person.country = person.country or country
        person.roles.add(role)
        return person


@Language.factory("dipkg_linker")
def make_linker(nlp: Language, name: str) -> Linker:
    from kg.nlp.components import register_extensions

    register_extensions()
    return Linker(load_reference())
