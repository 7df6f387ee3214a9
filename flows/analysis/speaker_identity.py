"""One speaker key per person or body across articles.

Within an article the analysis resolves "Zhang said" to the "Zhang Ke" named earlier, and
speaker_key folds case, diacritics and punctuation. Across articles the same speaker is
still written in several ways: "Qi Zhala" and "Qizhala", "Deji Baizhen" and "Deji
Baiznen", "Tibet Governor Qi Zhala", "China's Ministry of Foreign Affairs" and "the
Chinese Foreign Ministry", "the Ministry of Human Resources and Social Security" and "the
human resources ministry", "over a hundred state media reports" and "more than 100 state
media reports". `assign_speaker_keys` gives each new quote the key of the stored speaker
(or of another speaker of the same batch) it names by one of a few transparent rules,
tried in this order:

1. the same folded name: speaker_key, with "Chinese"/"China's" folded to one country
   word, a leading count ("more than 100", "over a hundred", "several") and, for a
   person, role words before the name ("Tibet Governor") dropped;
2. the same name with spaces and hyphens removed ("Qi Zhala" = "Qizhala");
3. a person's name whose words are all the same but one, spelt one letter apart, that
   word five letters or longer ("Baiznen" = "Baizhen"; never "Li"/"Lin"), when exactly
   one known person fits;
4. a body's name whose content words hold, or are held by, a known body's with the same
   head word ("ministry", "department", "report"...), "X Ministry" = "Ministry of X",
   "affairs" and dates dropped, when exactly one known body fits and the shorter name
   says more than its head, a place level and a country ("the regional department" alone
   matches nothing);
5. a bare surname ("Zenz") when exactly one known person has it as first or last name
   word, no other full-named person, stored or in the batch, has it, and it is four
   letters or longer.

Otherwise a quote keeps its own key. Different people who share a surname ("Wang Yi",
"Wang Wenbin") never merge: rules 1-3 compare whole names. Everything is deterministic
and does not depend on the order of the quotes; a stored key is never changed, so the
first article to name a speaker fixes the key later articles join.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flows.analysis.speakers import (
    DOCUMENT_HEADS,
    FUZZY_MIN_LETTERS,
    HONORIFICS,
    ISSUING_PARTICIPLES,
    ORG_HEADS,
    ORG_WORDS,
    ROLE_WORDS,
    one_letter_apart,
    parse_speaker_phrase,
    speaker_key,
)

# A country's adjective and possessive name one country: "Chinese Foreign Ministry" and
# "China's Ministry of Foreign Affairs" (speaker_key already drops the "'s"). Only the
# countries whose adjective is not the name itself; "US"/"American" included.
COUNTRY_WORDS = {
    "chinese": "china", "american": "us", "usa": "us", "british": "uk", "britain": "uk",
    "indian": "india", "japanese": "japan", "russian": "russia", "canadian": "canada",
    "australian": "australia", "french": "france", "german": "germany",
    "korean": "korea", "pakistani": "pakistan",
}
# Words that count how many documents or people speak ("more than 100 state media
# reports", "dozens of notices"): a leading run of them is dropped when it holds a number.
COUNT_WORDS = frozenset(
    """
    over more than nearly almost about around some at least up to a an the roughly
    approximately fewer less of
    """.split()
)
NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty hundred hundreds thousand thousands million millions dozen dozens
    several many numerous multiple
    """.split()
)
# Words that tell nothing about which body a name stands for: function words, "affairs"
# ("Ministry of Foreign Affairs" = "Foreign Ministry"), and the dates and times a
# document's description carries ("a notice posted last month").
ORG_FILLER = frozenset(
    """
    the a an of and for on at to by in with from its their affairs
    last this next past month week year day today yesterday recently earlier
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    """.split()
)
# Place levels: a name made of these, a country and its head ("the regional department",
# "the Chinese government") could be any such body, so it is never matched by containment.
PLACE_LEVELS = frozenset(
    """
    regional local provincial municipal federal central national state county city
    prefectural prefecture township village district autonomous region province
    """.split()
)
# Where a body's own name ends and what it is about begins ("department of ...", "notice
# posted to ..."): the head word is the last head word before the first of these.
_HEAD_STOPS = frozenset("of for on at to by in with from about".split()) | ISSUING_PARTICIPLES
# Surnames shorter than this are shared by too many people ("Li", "Wu", "Xu", "Ma", "Lee")
# for one stored bearer to stand for a bare mention in another article; four letters keeps
# "Zenz" and "Wang" (which still needs a unique stored bearer).
SURNAME_MIN_LETTERS = 4
# Below this many letters, names equal without spaces are more likely two short names
# ("Li Na", "Lin A") than one name split two ways.
COMPACT_MIN_LETTERS = 5

_HEADS = ORG_WORDS | ORG_HEADS | DOCUMENT_HEADS | {"authorities", "headquarters"}
# A document "released by", "published by" or simply "by" a body is that body speaking
# ("a study released by the X Foundation"); one "reviewed", "seen" or "obtained by" a
# newsroom is not the newsroom's.
ISSUED_BY = frozenset(
    """
    released published issued compiled prepared produced posted circulated distributed
    filed submitted presented delivered sent uploaded commissioned
    """.split()
)


@dataclass(frozen=True, slots=True)
class StoredSpeaker:
    """A speaker already stored: its key, the name most used, every form seen, its kind
    and how many quotes it has (to choose between stored duplicates)."""
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    quotes: int = 1


@dataclass(frozen=True, slots=True)
class NewSpeaker:
    """What a new quote says about its speaker (the Quote fields of that name)."""
    speaker: str | None
    speaker_kind: str
    speaker_as_written: str | None = None
    organisation: str | None = None
    role: str | None = None
    speaker_key: str | None = None  # the article's own key; computed from speaker if None


@dataclass(slots=True)
class _Identity:
    key: str
    kind: str
    stored: bool
    quotes: int
    folded: set[str] = field(default_factory=set)  # folded names (rule 1)
    compact: set[str] = field(default_factory=set)  # without spaces (rule 2)
    people: set[tuple[str, ...]] = field(default_factory=set)  # person name words
    bodies: set[tuple[str, frozenset[str]]] = field(default_factory=set)  # head, words


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"  # authorities
    if word.endswith("s") and not word.endswith("ss") and word != "headquarters":
        return word[:-1]
    return word


def fold_words(name: str) -> list[str]:
    """speaker_key's words with country adjectives folded and a leading count dropped."""
    words = [COUNTRY_WORDS.get(w, w) for w in speaker_key(name).split()]
    run = 0
    while run < len(words) and (words[run] in COUNT_WORDS or words[run] in NUMBER_WORDS
                                or words[run].isdigit()):
        run += 1
    if 0 < run < len(words) and any(w in NUMBER_WORDS or w.isdigit() for w in words[:run]):
        words = words[run:]
    return words


def person_core(words: list[str]) -> list[str]:
    """A person's name without the role before it: the words after the last role word
    ("tibet governor qi zhala" gives "qi zhala")."""
    last_role = max((i for i, w in enumerate(words) if w in ROLE_WORDS or w in HONORIFICS),
                    default=-1)
    core = words[last_role + 1:]
    return core or words


def body_signature(words: list[str]) -> tuple[str, frozenset[str]] | None:
    """A body's or document's head word and content words: "china ministry of foreign
    affairs" and "china foreign ministry" both give ("ministry", {china, foreign,
    ministry}). None without a head word."""
    end = next((i for i, w in enumerate(words) if w in _HEAD_STOPS and i > 0), len(words))
    heads = [w for w in words[:end] if w in _HEADS]
    if not heads:
        return None
    content = frozenset(singular(w) for w in words if w not in ORG_FILLER)
    return singular(heads[-1]), content


def _distinctive(head: str, content: frozenset[str]) -> bool:
    """Whether a body's name says more than its head, place level and country."""
    countries = set(COUNTRY_WORDS.values())
    return any(w != head and w not in PLACE_LEVELS and w not in countries for w in content)


def _joined(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """a with any two of its words that make one word of b joined ("web site" for
    "website"; the order is lost in a set, so any two)."""
    out = set(a)
    for word in b - a:
        for i in range(1, len(word)):
            if word[:i] in out and word[i:] in out:
                out -= {word[:i], word[i:]}
                out.add(word)
                break
    return frozenset(out)


def _add_form(identity: _Identity, name: str, kind: str) -> None:
    words = fold_words(name)
    if not words:
        return
    if kind == "person":
        core = person_core(words)
        identity.folded.add(" ".join(core))
        identity.people.add(tuple(core))
        compact = "".join(core)
    else:
        identity.folded.add(" ".join(words))
        signature = body_signature(words)
        if signature is not None:
            identity.bodies.add(signature)
        compact = "".join(words)
    if len(compact) >= COMPACT_MIN_LETTERS:
        identity.compact.add(compact)


def document_issuer(words: list[str]) -> list[str] | None:
    """The body a document description names as its issuer: "study released by the x
    foundation" gives "x foundation"; None when the head is not a document's or nothing
    names an issuer."""
    signature = body_signature(words)
    if signature is None or signature[0] not in DOCUMENT_HEADS:
        return None
    for i, word in enumerate(words[1:-1], start=1):
        if word == "by" and (words[i - 1] in ISSUED_BY or singular(words[i - 1]) ==
                             signature[0]):
            issuer = [w for w in words[i + 1:] if w not in {"the", "a", "an"}]
            return issuer if body_signature(issuer) is not None else None
    return None


def _add_alias(identity: _Identity, alias: str, single_name: bool) -> None:
    """Another form of a speaker's name: the name it gives ("Tibet Governor Qi Zhala"
    gives "Qi Zhala", "a new report released by the X Foundation" gives "X Foundation"),
    or a body's own lower-case name; never a bare surname of a full-named person (rule 5
    decides those) nor a description that could be any body ("the department")."""
    parsed = parse_speaker_phrase(alias)
    person = identity.kind == "person"
    if parsed.name and parsed.kind in ("person", "organisation"):
        if (parsed.kind == "person") != person:
            return
        if person and len(parsed.name.split()) == 1 and not single_name:
            return
        _add_form(identity, parsed.name, parsed.kind)
    elif not person:
        signature = body_signature(fold_words(alias))
        if signature is not None and _distinctive(*signature):
            _add_form(identity, alias, identity.kind)
    if not person:
        issuer = document_issuer(fold_words(alias))
        if issuer:
            _add_form(identity, " ".join(issuer), "organisation")


def _stored_identity(s: StoredSpeaker) -> _Identity:
    identity = _Identity(s.key, s.kind, True, s.quotes)
    identity.folded.add(s.key)
    _add_form(identity, s.name, s.kind)
    single_name = len(speaker_key(s.name).split()) == 1
    for alias in (s.name, *s.aliases):
        _add_alias(identity, alias, single_name)
    return identity


class _Index:
    """Identities by the forms each rule looks up."""

    def __init__(self, identities: Iterable[_Identity]) -> None:
        self.by_folded: dict[str, list[_Identity]] = defaultdict(list)
        self.by_compact: dict[str, list[_Identity]] = defaultdict(list)
        self.by_body: dict[tuple[str, frozenset[str]], list[_Identity]] = defaultdict(list)
        self.by_initials: dict[tuple, list[tuple[tuple[str, ...], _Identity]]] = \
            defaultdict(list)
        self.by_surname: dict[str, list[_Identity]] = defaultdict(list)
        self.by_head: dict[str, list[tuple[frozenset[str], _Identity]]] = defaultdict(list)
        for identity in identities:
            for form in identity.folded:
                self.by_folded[form].append(identity)
            for form in identity.compact:
                self.by_compact[form].append(identity)
            if identity.kind == "person":
                for words in identity.people:
                    self.by_initials[_initials(words)].append((words, identity))
                    if len(words) > 1:
                        for word in {words[0], words[-1]}:
                            self.by_surname[word].append(identity)
            for head, content in identity.bodies:
                self.by_head[head].append((content, identity))
                self.by_body[head, content].append(identity)


def _initials(words: tuple[str, ...]) -> tuple:
    # one_letter_apart keeps the first letter, so fuzzy candidates share these
    return len(words), tuple(w[:1] for w in words)


def _best(found: Iterable[_Identity], me: _Identity) -> list[_Identity]:
    unique = {i.key: i for i in found if i.key != me.key}
    return sorted(unique.values(), key=lambda i: (-i.stored, -i.quotes, i.key))


def _forms(identity: _Identity) -> set:
    return identity.folded | identity.compact | identity.bodies


def _one_speaker(found: list[_Identity]) -> _Identity | None:
    """The speaker a rule found, when the identities it found are one speaker: one, or
    several that share a folded or space-free name (stored duplicates, or "Chinese
    Ministry of Foreign Affairs" and "China's Ministry of Foreign Affairs" in one batch);
    then the first of them (stored, most quoted). None when there are two speakers."""
    if not found:
        return None
    first = found[0]
    forms = _forms(first)
    same = [first]
    grew = True
    while grew:  # the forms of the first's equivalents, transitively (lists are short)
        grew = False
        for identity in found:
            if identity not in same and _forms(identity) & forms:
                same.append(identity)
                forms |= _forms(identity)
                grew = True
    return first if len(same) == len(found) else None


def _equivalent(me: _Identity, index: _Index) -> _Identity | None:
    """Rules 1 and 2: the same name folded, a body's same head and content words in
    another order ("Fisheries Ministry" = "Ministry of Fisheries"), or the same name
    without spaces. Several known speakers with one name are stored duplicates: the
    first (stored, most quoted)."""
    for table, forms in ((index.by_folded, me.folded), (index.by_body, me.bodies),
                         (index.by_compact, me.compact)):
        found = _best((i for f in forms for i in table.get(f, ())), me)
        if found:
            return found[0]
    return None


def _near(me: _Identity, index: _Index, people_with: dict[str, set[str]]
          ) -> _Identity | None:
    """Rules 3-5, each only when exactly one known speaker fits."""
    if me.kind == "person":
        found = _best((i for words in me.people
                       for other, i in index.by_initials.get(_initials(words), ())
                       if _one_word_apart(words, other)), me)
        if found:
            return _one_speaker(found)
        for words in me.people:
            if len(words) != 1 or len(words[0]) < SURNAME_MIN_LETTERS:
                continue
            word = words[0]
            found = _best(index.by_surname.get(word, ()), me)
            # every full-named person, stored or in the batch, who has this word
            holders = people_with.get(word, set()) - {me.key}
            if len(found) == 1 and holders == {found[0].key}:
                return found[0]
        return None
    return _one_speaker(_best(_containing(me, index), me))


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return (len(differ) == 1 and min(len(differ[0][0]), len(differ[0][1])) >= FUZZY_MIN_LETTERS
            and one_letter_apart(*differ[0]))


def _containing(me: _Identity, index: _Index) -> Iterable[_Identity]:
    for head, content in me.bodies:
        for other_content, identity in index.by_head.get(head, ()):
            mine, theirs = content, other_content
            if not (mine <= theirs or theirs <= mine):
                mine, theirs = _joined(content, other_content), _joined(other_content, content)
            if mine <= theirs:
                shorter = mine
            elif theirs <= mine:
                shorter = theirs
            else:
                continue
            if _distinctive(head, shorter):
                yield identity


_WORD = re.compile(r"\w+")
# Words too common in speakers' names to tell which stored speakers a batch may name.
_COMMON = _HEADS | ORG_FILLER | PLACE_LEVELS | set(COUNTRY_WORDS) | set(
    COUNTRY_WORDS.values())


def _probe_words(text: str) -> set[str]:
    """The words of a name and each two neighbours run together ("qi zhala" also gives
    "qizhala"), lower case, without the commonest."""
    words = _WORD.findall(text.lower())
    out = set(words) | {a + b for a, b in zip(words, words[1:], strict=False)}
    return out - _COMMON


class _Probe:
    """A cheap first look at a stored speaker: whether it shares a name word with the
    batch (every rule but a one-word name spelt a letter apart needs one), or is a one-word
    name of about the length and first letter of a one-word name of the batch. Only those
    are taken apart, so a batch is matched against a year of speakers in well under a
    second."""

    def __init__(self, batch: Iterable[_Identity]) -> None:
        self.words: set[str] = set()
        self.single: set[tuple[str, int]] = set()
        for identity in batch:
            for form in identity.folded | identity.compact:
                self.words |= _probe_words(form)
            for words in identity.people:
                if len(words) == 1:
                    self.single |= {(words[0][:1], len(words[0]) + d) for d in (-1, 0, 1)}

    def may_match(self, s: StoredSpeaker) -> bool:
        words = s.key.split()
        if not self.words.isdisjoint(_probe_words(s.key)):  # with neighbours run together
            return True
        if not self.words.isdisjoint(_WORD.findall(" ".join((s.name, *s.aliases)).lower())):
            return True
        return len(words) == 1 and (words[0][:1], len(words[0])) in self.single


def assign_speaker_keys(stored: Iterable[StoredSpeaker], new: Sequence[NewSpeaker]
                        ) -> list[str | None]:
    """For each new quote, the key it should carry: a stored speaker's key when the name
    names that speaker by the rules above, else the key of the batch speaker it names
    (the one most of them name, then the most quoted, the longest, the first in order),
    else its own key. None for a quote without a speaker."""
    own = [(q.speaker_key or speaker_key(q.speaker)) if q.speaker else None for q in new]
    batch: dict[str, _Identity] = {}
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q, key in zip(new, own, strict=True):
        if key:
            kinds[key][q.speaker_kind] += 1
    for q, key in sorted(((q, k) for q, k in zip(new, own, strict=True) if k),
                         key=lambda x: (x[1], x[0].speaker or "")):
        if key not in batch:
            votes = kinds[key]
            kind = max(sorted(votes), key=lambda k: (votes[k], k == "person"))
            batch[key] = _Identity(key, kind, False, sum(votes.values()), {key})
        identity = batch[key]
        _add_form(identity, q.speaker, identity.kind)
        single_name = len(key.split()) == 1
        for alias in {q.speaker, q.speaker_as_written} - {None}:
            _add_alias(identity, alias, single_name)
    probe = _Probe(batch.values())
    known = [_stored_identity(s) for s in stored if s.key and probe.may_match(s)]
    stored_index = _Index(known)
    people_with: dict[str, set[str]] = defaultdict(set)  # a name word: who has it
    for identity in [*known, *batch.values()]:
        if identity.kind == "person":
            for words in identity.people:
                if len(words) > 1:
                    for word in words:
                        people_with[word].add(identity.key)
    # A batch key that is a stored key stays; the others look for a stored speaker first.
    target: dict[str, str] = {}
    stored_keys = {i.key for i in known}
    for key in sorted(batch):
        identity = batch[key]
        if key in stored_keys:
            target[key] = key
            continue
        match = _equivalent(identity, stored_index) or _near(identity, stored_index,
                                                              people_with)
        if match is not None:
            target[key] = match.key
    # Batch speakers left alone are matched among themselves, joined in groups.
    alone = [batch[k] for k in sorted(batch) if k not in target]
    parent = {i.key: i.key for i in alone}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    alone_index = _Index(alone)
    for identity in alone:
        match = _equivalent(identity, alone_index) or _near(identity, alone_index,
                                                             people_with)
        if match is not None:
            parent[root(identity.key)] = root(match.key)
    groups: dict[str, list[_Identity]] = defaultdict(list)
    for identity in alone:
        groups[root(identity.key)].append(identity)
    for members in groups.values():
        # the key the most members have among their forms ("the X Foundation" for "a
        # report released by the X Foundation"), then the most quoted, then the longest
        named_by = {i.key: sum(i.key in m.folded for m in members) for i in members}
        chosen = min(members, key=lambda i: (-named_by[i.key], -i.quotes, -len(i.key),
                                             i.key)).key
        for identity in members:
            target[identity.key] = chosen
    return [target.get(key, key) if key else None for key in own]
