"""Curated reference knowledge (countries, organisations, blocs, memberships, office holders) as lookups.

The facts live in ``ontology/reference/*.csv`` (see SOURCES.md there); this module only reads,
validates and indexes them, for the entity ruler, the linker and the reference named graph.

Records (all frozen; multi-valued fields are tuples; dates are ISO 8601 strings of year, month or
day precision, ``None`` when unknown):

- ``Country(key, iso3, iso2, iso_assigned, name, official_name, qid, un_status, variants, demonyms,
  capitals, seats)``: ``key`` is the ISO alpha-3 code, or a documented non-ISO code where ISO has
  none (``iso_assigned`` False, ``iso3``/``iso2`` None); ``un_status`` is member|observer|none.
- ``Organization(key, name, qid, kind, aliases, note, seat)``: kind is intergovernmental|forum|armed_group;
  ``seat`` the city news names for the organisation acting ("Brussels imposed tariffs"), if any.
- ``Bloc(key, label, aliases, note)``: informal collective actors; ``key`` is the slug of ``label``.
- ``Membership(org, member, member_kind, status, since, until, note)``: ``member`` is a country key
  or (``member_kind == "organization"``) an organisation key; status is one of MEMBERSHIP_STATUSES.
- ``OfficeHolder(person, aliases, surnames, qid, country, role, start, end, note)``: one term of
  office; ``end`` None means in office on the as-of date of SOURCES.md; role is one of ROLES.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kg.model import MEMBERSHIP_STATUSES, ROLES, Entity, entity_id, slugify

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "ontology" / "reference"
UN_STATUSES = ("member", "observer", "none")
ORG_KINDS = ("intergovernmental", "forum", "armed_group")
OFFICE_ROLES = tuple(r for r in ROLES if r in ("head_of_state", "head_of_government", "foreign_minister"))
SURFACE_FORMS = ("name", "variant", "demonym", "capital", "seat", "abbreviation", "person", "surname")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_QID = re.compile(r"^Q[1-9]\d*$")
# Marker in office_holders.csv's surname column: the person is not referred to by a surname.
_NO_SURNAME = "-"


class ReferenceDataError(ValueError):
    """The reference data is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Country:
    key: str
    iso3: str | None
    iso2: str | None
    iso_assigned: bool
    name: str
    official_name: str | None
    qid: str | None
    un_status: str
    variants: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    key: str
    name: str
    qid: str | None
    kind: str
    aliases: tuple[str, ...]
    note: str | None
    seat: str | None = None  # "Brussels" for the EU: the city named for the organisation acting


@dataclass(frozen=True)
class Bloc:
    key: str
    label: str
    aliases: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class Membership:
    org: str
    member: str
    member_kind: str
    status: str
    since: str | None
    until: str | None
    note: str | None

    def active_on(self, day: dt.date | str) -> bool:
        """Whether the status may hold on `day` (unknown bounds count as open)."""
        return _within(day, self.since, self.until)


@dataclass(frozen=True)
class OfficeHolder:
    person: str
    aliases: tuple[str, ...]
    surnames: tuple[str, ...]
    qid: str | None
    country: str
    role: str
    start: str
    end: str | None
    note: str | None

    def holds_on(self, day: dt.date | str) -> bool:
        """Whether this term covers `day`: start inclusive, end exclusive (the successor's first day)."""
        return _within(day, self.start, self.end)


@dataclass(frozen=True)
class SurfaceForm:
    text: str
    entity: Entity
    form: str


def normalize(text: str) -> str:
    """Lookup key: diacritics, case, curly quotes, spacing and a leading "the" do not matter."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _bounds(value: str, *, end: bool) -> dt.date:
    """First day of a partial ISO date, or for an end bound the day after the period it names."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day
    if len(parts) == 2:
        year, month = parts
        if not end:
            return dt.date(year, month, 1)
        return dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(parts[0] + 1, 1, 1) if end else dt.date(parts[0], 1, 1)


def _within(day: dt.date | str, start: str | None, end: str | None) -> bool:
    if isinstance(day, str):
        day = _bounds(day, end=False)
    if start and day < _bounds(start, end=False):
        return False
    return not (end and day >= _bounds(end, end=len(end) < 10))


class Reference:
    """Indexed reference data with entity, date and name lookups."""

    def __init__(
        self,
        countries: Iterable[Country],
        organizations: Iterable[Organization],
        blocs: Iterable[Bloc],
        memberships: Iterable[Membership],
        office_holders: Iterable[OfficeHolder],
    ) -> None:
        self.countries: Mapping[str, Country] = MappingProxyType({c.key: c for c in countries})
        self.organizations: Mapping[str, Organization] = MappingProxyType({o.key: o for o in organizations})
        self.blocs: Mapping[str, Bloc] = MappingProxyType({b.key: b for b in blocs})
        self.memberships: tuple[Membership, ...] = tuple(memberships)
        self.office_holders: tuple[OfficeHolder, ...] = tuple(office_holders)
        self._persons = self._person_entities()
        self._forms = tuple(self._build_surface_forms())
        index: dict[str, Entity] = {}
        # Surnames are ambiguous by nature (two Cho, two Li): resolve() leaves them to the linker.
        for sf in self._forms:
            if sf.form != "surname":
                index.setdefault(normalize(sf.text), sf.entity)
        self._index = index

    def country_entity(self, key: str) -> Entity:
        c = self.countries[key]
        aliases = (*c.variants, *([c.official_name] if c.official_name else []), *c.demonyms)
        aliases = _unique((*aliases, *c.capitals, *c.seats), exclude=c.name)
        return Entity(c.name, "country", c.qid, aliases, c.key, entity_id("country", c.key))

    def org_entity(self, key: str) -> Entity:
        o = self.organizations[key]
        return Entity(o.name, "organization", o.qid, o.aliases, None, entity_id("organization", o.key))

    def seat_organizations(self) -> dict[str, Entity]:
        """Organisations by the lower-cased name of their seat ("brussels" -> the EU)."""
        return {o.seat.lower(): self.org_entity(o.key) for o in self.organizations.values() if o.seat}

    def bloc_entity(self, key: str) -> Entity:
        b = self.blocs[key]
        return Entity(b.label, "bloc", None, b.aliases, None, entity_id("bloc", b.label))

    def person_entity(self, label: str) -> Entity | None:
        """The person with this full name or full-name alias, or None."""
        entity = self._persons.get(label)
        if entity is None:
            found = self._index.get(normalize(label))
            entity = found if found is not None and found.kind == "person" else None
        return entity

    def holders(
        self, country: str | None = None, role: str | None = None, on: dt.date | str | None = None
    ) -> list[OfficeHolder]:
        """Terms of office matching country, role and (if given) covering the date `on`."""
        return [
            h
            for h in self.office_holders
            if (country is None or h.country == country)
            and (role is None or h.role == role)
            and (on is None or h.holds_on(on))
        ]

    def members(self, org: str, status: str | None = "member", on: dt.date | str | None = None) -> list[str]:
        """Keys of the members of `org` with `status` (any if None), on a date if given."""
        return [
            m.member
            for m in self.memberships
            if m.org == org and (status is None or m.status == status) and (on is None or m.active_on(on))
        ]

    def surface_forms(self) -> list[SurfaceForm]:
        return list(self._forms)

    def resolve(self, name: str) -> Entity | None:
        """The entity whose name, variant, demonym, capital, seat, abbreviation or full name is `name`."""
        return self._index.get(normalize(name))

    def _person_entities(self) -> dict[str, Entity]:
        terms: dict[str, list[OfficeHolder]] = {}
        for h in self.office_holders:
            terms.setdefault(h.person, []).append(h)
        entities = {}
        for label, rows in terms.items():
            latest = max(rows, key=lambda h: _bounds(h.start, end=False))
            aliases = _unique((a for h in rows for a in (*h.aliases, *h.surnames)), exclude=label)
            qid = next((h.qid for h in rows if h.qid), None)
            entities[label] = Entity(
                label, "person", qid, aliases, latest.country, entity_id("person", label)
            )
        return entities

    def _build_surface_forms(self) -> Iterable[SurfaceForm]:
        for key, c in self.countries.items():
            e = self.country_entity(key)
            yield SurfaceForm(c.name, e, "name")
            for form, texts in (
                ("variant", (*c.variants, *([c.official_name] if c.official_name else []))),
                ("demonym", c.demonyms),
                ("capital", c.capitals),
                ("seat", c.seats),
            ):
                yield from (SurfaceForm(t, e, form) for t in _unique(texts, exclude=c.name))
        for key, o in self.organizations.items():
            e = self.org_entity(key)
            yield SurfaceForm(o.name, e, "name")
            for alias in o.aliases:
                yield SurfaceForm(alias, e, "abbreviation" if _is_abbreviation(alias) else "variant")
        for key, b in self.blocs.items():
            e = self.bloc_entity(key)
            yield SurfaceForm(b.label, e, "name")
            yield from (SurfaceForm(a, e, "variant") for a in b.aliases)
        for label, e in self._persons.items():
            explicit = {a for h in self.office_holders if h.person == label for a in h.aliases}
            surnames = {s for h in self.office_holders if h.person == label for s in h.surnames} - explicit
            yield SurfaceForm(label, e, "person")
            for alias in e.aliases:
                yield SurfaceForm(alias, e, "surname" if alias in surnames else "person")


def _is_abbreviation(text: str) -> bool:
    return not any(c.islower() for c in text)


def _unique(values: Iterable[str], exclude: str = "") -> tuple[str, ...]:
    """Non-empty values in first-seen order, without repeats and without `exclude`."""
    seen = {exclude}
    out = []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return tuple(out)


@functools.lru_cache(maxsize=8)
def load_reference(path: str | Path | None = None) -> Reference:
    """Read and validate the reference CSVs under `path` (default: the package's ontology/reference)."""
    root = Path(path) if path is not None else DEFAULT_PATH
    if not root.is_dir():
        raise ReferenceDataError(f"reference data directory not found: {root}")
    countries = [_country(r, w) for w, r in _read(root / "countries.csv", _COUNTRY_COLUMNS)]
    organizations = [_organization(r, w) for w, r in _read(root / "organizations.csv", _ORG_COLUMNS)]
    blocs = [_bloc(r, w) for w, r in _read(root / "blocs.csv", ("key", "label", "aliases"))]
    _check_unique(root / "countries.csv", [c.key for c in countries], "key")
    _check_unique(root / "countries.csv", [c.iso2 for c in countries if c.iso2], "iso2")
    _check_unique(root / "organizations.csv", [o.key for o in organizations], "key")
    _check_unique(root / "blocs.csv", [b.key for b in blocs], "key")
    qids = [c.qid for c in countries if c.qid] + [o.qid for o in organizations if o.qid]
    _check_unique(root, qids, "qid")
    kinds = {c.key: "country" for c in countries}
    for o in organizations:
        if o.key in kinds:
            raise ReferenceDataError(f"{root / 'organizations.csv'}: key {o.key!r} is also a country key")
        kinds[o.key] = "organization"
    memberships = [_membership(r, w, kinds) for w, r in _read(root / "memberships.csv", _MEMBERSHIP_COLUMNS)]
    holders = [_holder(r, w, kinds) for w, r in _read(root / "office_holders.csv", _HOLDER_COLUMNS)]
    person_qids: dict[str, str] = {}
    for h in holders:
        if h.qid and person_qids.setdefault(h.person, h.qid) != h.qid:
            raise ReferenceDataError(f"office_holders.csv: {h.person!r} has two QIDs")
    _check_unique(root, qids + list(set(person_qids.values())), "qid")
    return Reference(countries, organizations, blocs, memberships, holders)


_COUNTRY_COLUMNS = (
    "key", "iso3", "iso2", "iso_assigned", "name", "official_name", "qid", "un_status",
    "variants", "demonyms", "capital", "seats",
)  # fmt: skip
_ORG_COLUMNS = ("key", "name", "qid", "kind", "aliases")
_MEMBERSHIP_COLUMNS = ("org", "member", "status", "since", "until")
_HOLDER_COLUMNS = ("person", "aliases", "surname", "qid", "country", "role", "start", "end")


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    """Rows of a CSV as (``file:line`` for messages, stripped values), after checking its header."""
    if not path.is_file():
        raise ReferenceDataError(f"reference data file not found: {path}")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ReferenceDataError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = []
        for row in reader:
            if None in row:
                raise ReferenceDataError(f"{path.name}:{reader.line_num}: more cells than columns")
            rows.append((f"{path.name}:{reader.line_num}", {k: (v or "").strip() for k, v in row.items()}))
        return rows


def _check_unique(where: Path, values: list[str], what: str) -> None:
    counts = collections.Counter(values)
    dupes = sorted(v for v, n in counts.items() if n > 1)
    if dupes:
        raise ReferenceDataError(f"{where}: duplicate {what}: {', '.join(dupes)}")


def _split(value: str) -> tuple[str, ...]:
    return _unique(part.strip() for part in value.split("|"))


def _choice(value: str, allowed: tuple[str, ...], where: str, what: str) -> str:
    if value not in allowed:
        raise ReferenceDataError(f"{where}: {what} {value!r} is not one of {', '.join(allowed)}")
    return value


def _required(value: str, where: str, what: str) -> str:
    if not value:
        raise ReferenceDataError(f"{where}: {what} is empty")
    return value


def _qid(value: str, where: str) -> str | None:
    if value and not _QID.match(value):
        raise ReferenceDataError(f"{where}: {value!r} is not a Wikidata QID")
    return value or None


def _date(value: str, where: str) -> str | None:
    if not value:
        return None
    if not _DATE.match(value):
        raise ReferenceDataError(f"{where}: {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        _bounds(value, end=False)
    except ValueError as exc:
        raise ReferenceDataError(f"{where}: {value!r}: {exc}") from None
    return value


def _ordered(start: str | None, end: str | None, where: str) -> None:
    if start and end and _bounds(start, end=False) > _bounds(end, end=False):
        raise ReferenceDataError(f"{where}: start {start} is after end {end}")


def _country(r: dict[str, str], where: str) -> Country:
    key = _required(r["key"], where, "key")
    if not re.fullmatch(r"[A-Z]{3}", key):
        raise ReferenceDataError(f"{where}: key {key!r} is not three capital letters")
    assigned = _choice(r["iso_assigned"], ("yes", "no"), where, "iso_assigned") == "yes"
    if assigned != (r["iso3"] == key):
        raise ReferenceDataError(f"{where}: iso3 must equal the key exactly when iso_assigned is yes")
    if r["iso2"] and not re.fullmatch(r"[A-Z]{2}", r["iso2"]):
        raise ReferenceDataError(f"{where}: iso2 {r['iso2']!r} is not two capital letters")
    return Country(
        key=key,
        iso3=r["iso3"] or None,
        iso2=r["iso2"] or None,
        iso_assigned=assigned,
        name=_required(r["name"], where, "name"),
        official_name=r["official_name"] or None,
        qid=_qid(r["qid"], where),
        un_status=_choice(r["un_status"], UN_STATUSES, where, "un_status"),
        variants=_split(r["variants"]),
        demonyms=_split(r["demonyms"]),
        capitals=_split(r["capital"]),
        seats=_split(r["seats"]),
    )


def _organization(r: dict[str, str], where: str) -> Organization:
    key = _required(r["key"], where, "key")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
        raise ReferenceDataError(f"{where}: key {key!r} must be capital letters, digits and underscores")
    return Organization(
        key=key,
        name=_required(r["name"], where, "name"),
        qid=_qid(r["qid"], where),
        kind=_choice(r["kind"], ORG_KINDS, where, "kind"),
        aliases=_split(r["aliases"]),
        note=r.get("note") or None,
        seat=r.get("seat") or None,
    )


def _bloc(r: dict[str, str], where: str) -> Bloc:
    label = _required(r["label"], where, "label")
    if r["key"] != slugify(label):
        raise ReferenceDataError(f"{where}: key must be {slugify(label)!r}, the slug of the label")
    return Bloc(key=r["key"], label=label, aliases=_split(r["aliases"]), note=r.get("note") or None)


def _membership(r: dict[str, str], where: str, kinds: dict[str, str]) -> Membership:
    if kinds.get(r["org"]) != "organization":
        raise ReferenceDataError(f"{where}: unknown organisation {r['org']!r}")
    if r["member"] not in kinds or r["member"] == r["org"]:
        raise ReferenceDataError(f"{where}: unknown member {r['member']!r}")
    since, until = _date(r["since"], where), _date(r["until"], where)
    _ordered(since, until, where)
    return Membership(
        org=r["org"],
        member=r["member"],
        member_kind=kinds[r["member"]],
        status=_choice(r["status"], MEMBERSHIP_STATUSES, where, "status"),
        since=since,
        until=until,
        note=r.get("note") or None,
    )


def _holder(r: dict[str, str], where: str, kinds: dict[str, str]) -> OfficeHolder:
    person = _required(r["person"], where, "person")
    if kinds.get(r["country"]) != "country":
        raise ReferenceDataError(f"{where}: unknown country {r['country']!r}")
    start = _date(_required(r["start"], where, "start"), where)
    end = _date(r["end"], where)
    _ordered(start, end, where)
    aliases = _split(r["aliases"])
    if r["surname"] == _NO_SURNAME:
        surnames: tuple[str, ...] = ()
    else:
        # Default: the last word of the full name; "al-Sharaa" is also written "Sharaa".
        surname = r["surname"] or (person.split()[-1] if len(person.split()) > 1 else "")
        forms = [surname, re.sub(r"^(al|el)-", "", surname)]
        words = person.split()
        if surname == words[-1]:
            # A spelling variant of the full name gives one of the surname: "Viktor Orbán" -> "Orbán".
            forms += [a.split()[-1] for a in aliases if a.split()[:-1] == words[:-1] and len(words) > 1]
        surnames = _unique(forms)
    return OfficeHolder(
        person=person,
        aliases=aliases,
        surnames=surnames,
        qid=_qid(r["qid"], where),
        country=r["country"],
        role=_choice(r["role"], OFFICE_ROLES, where, "role"),
        start=start or "",
        end=end,
        note=r.get("note") or None,
    )
