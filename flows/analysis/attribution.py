"""Reading one unit of text (a sentence, or sentences a quotation runs across) for
who said what.

A quotation counts as one token, and reporting verbs outside quotations are attribution
points. Around each one the unit is read as one of:
- SPEAKER VERB [that] CONTENT           "Zhang said (that) the county trained ..."
- CONTENT, SPEAKER VERB [tail].         "... 5,000 jobs, the bureau said Monday."
- CONTENT, VERB SPEAKER[, ROLE].        "“...,” said Zhang Ke, deputy chief of ..."
- CONTENT, SPEAKER VERB, CONTENT.       a quote split around its attribution
- ..., saying / adding / noting CONTENT the unit's subject goes on speaking
- according to SPEAKER, CONTENT         and CONTENT, according to SPEAKER.
- SPEAKER called it / described X as CONTENT
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from flows.analysis.speakers import (
    DOCUMENT_HEADS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    ISSUING_PARTICIPLES,
    ORG_WORDS,
    PERSON_PRONOUNS,
    ROLE_WORDS,
    strip_possessive,
)

SPEECH_VERBS = frozenset(
    """
    said says say told tells tell added adds explained explains noted notes argued argues
    insisted insists stressed stresses warned warns claimed claims wrote writes stated
    acknowledged acknowledges admitted admits conceded concedes confirmed confirms
    announced announces recalled recalls replied replies responded responds suggested
    suggests believes believed complained complains urged urges reminded reminds testified
    testifies tweeted tweets emphasized emphasised emphasizes emphasises maintained
    maintains contended contends asserted asserts agreed agrees cautioned cautions
    observed observes predicted predicts reported reports revealed reveals disclosed
    discloses declared declares indicated indicates mentioned mentions commented comments
    remarked remarks answered answers asked asks wondered wonders lamented laments vowed
    vows promised promises pledged pledges shouted shouts chanted yelled boasted blurted
    joked jokes quipped points pointed echoed echoes continued continues countered
    counters alleged alleges ruled rules concluded concludes advised advises reiterated reiterates assured assures informed
    informs recounted recounts estimated estimates expressed expresses acknowledge admit
    insist argue explain note warn claim add urge denied denies
    """.split()
)
# Verbs whose first object is the listener, not the content: "told reporters that ...".
LISTENER_VERBS = frozenset(
    "told tells tell informed informs assured assures reminded reminds urged urges advised "
    "advises warned warns asked asks urge".split()
)
GERUNDS = frozenset(
    """
    saying adding noting explaining arguing insisting warning stressing claiming writing
    telling calling testifying acknowledging admitting suggesting recalling urging stating
    declaring asserting maintaining emphasizing emphasising reiterating accusing alleging
    denying
    """.split()
)
# Between a speaker and the verb: "Zhang has also said", "Scheer, however, said".
BETWEEN_SPEAKER_AND_VERB = frozenset(
    """
    has have had was were is are will would could also later then previously recently
    further again repeatedly once simply publicly privately only never often always
    firmly flatly quickly earlier initially finally reportedly separately even just now
    however though meanwhile still already who first strongly vehemently categorically
    emphatically jointly
    """.split()
)
# Bare verb forms that are also nouns ("Suncor’s claim"): verbs only after a subject
# that takes them, a plural, or before "that" or a quotation.
BASE_FORMS = frozenset(
    "tell add note claim admit insist argue explain warn acknowledge urge".split()
)
BASE_FORM_SUBJECTS = frozenset(
    "they we i you will would could should may might must can did do does to also "
    "who often still".split()
)
BE_WORDS = frozenset("is was are were be been being".split())
# Words that end a speaker phrase when reading back from the verb.
NP_STOP = frozenset(
    """
    that which whom whose when while where if because as but or so than to in on from by
    after before during since until about into over under through without within between
    against among is was are were be been being has have had do does did not no will
    would can could should may might must also however then there here what how why
    and nor yet both either neither although though unless whether once
    it's he's she's they're we're i'm you're
    me him us them you your
    """.split()
) | SPEECH_VERBS | GERUNDS
# Inside a speaker phrase, only between other words: "director of engineering".
NP_JOINERS = frozenset(
    "of for at with and & de del da di van von der den bin al el la le du".split()
)
DETERMINERS = frozenset(
    "the a an some several many most all both other another these those this each every "
    "his her their its our my one two three four five six seven eight nine ten".split()
)
# Words that may follow a verb before the content starts: "said on Monday that ...".
TAIL_WORDS = frozenset(
    """
    today yesterday tonight tomorrow monday tuesday wednesday thursday friday saturday
    sunday morning afternoon evening night recently earlier later also again then now
    once repeatedly
    """.split()
)
PREPOSITIONS = frozenset(
    "in on at during after before from by with via through over to into for about "
    "last this".split()
)
# A name right after these is an object, not who the next "he said" refers to.
SUBJECT_BLOCKERS = frozenset(
    "in at of to for from by with about unlike than on into over against between behind "
    "toward towards under after before like via through among beside near".split()
)
SUBJECT_PRONOUNS = frozenset("he she they it i we who".split())
# Reported content does not start with these: "agreed with ...", "wrote in a report".
NOT_CONTENT_START = frozenset(
    "with about in on at for from by and but or as of into over after before during "
    "through which who whose where referring speaking despite amid following citing "
    "including ahead".split()
)
# These verbs also mean something else ("added the drug to its list"), so content after
# them must be a quotation or start with "that".
AMBIGUOUS_VERBS = frozenset(
    "added adds add wrote writes revealed reveals ruled rules asked asks continued "
    "continues agreed agrees reported reports disclosed discloses concluded concludes "
    "indicated indicates suggested suggests responded responds announced announces declared "
    "declares".split()
)
# Abbreviations that keep their period inside a speaker phrase: "St. Charles Police Lt.".
NAME_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st lt sgt cpl cst gov sen rep gen col capt maj supt insp det jr sr "
    "mt ft hon rev".split()
)
# Reported content needs a clause: "he said so" or "they said no" reports nothing.
MIN_INDIRECT_WORDS = 3
# Verbs that name or describe something in the speaker's words.
NAMING_VERBS = frozenset("call calls called describe describes described".split())
NAMED_OBJECTS = frozenset(
    "it them him her herself himself itself themselves this that these those".split()
)
# A lone plural word before "said" speaks when it names people: "forecasters say".
AGENT_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ents", "ials")
# Lower-case words that go with a role before a name: "foreign ministry spokeswoman".
ROLE_MODIFIERS = frozenset(
    "foreign senior deputy former chief general assistant associate executive regional "
    "local provincial federal national municipal county city state party vice acting "
    "interim press".split()
)
_WORD_OR_PUNCT = re.compile(r"(?:[A-Za-z]\.){2,}|\w[\w’'\-]*(?:\.\w[\w’'\-]*)*|[^\w\s]")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # "w" word, "p" punctuation, "q" a whole quotation
    lower: str  # the text in lower case, read many times per token

    def is_word(self) -> bool:
        return self.kind == "w"


@dataclass(slots=True)
class Attribution:
    """A quote found in one unit before its speaker is resolved."""

    content: list[Token]
    verb: str | None
    speaker: list[Token] | None  # None: the sentence's subject or the last speaker goes on
    role: str | None
    # Where the attribution's own words before the content start ("strongly denied",
    # "she said, insisting"): a short quote takes them in, so it reads as a statement.
    lead: int | None = None


def tokenize(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[Token]:
    tokens: list[Token] = []
    position = start
    first = max(bisect.bisect_left(spans, (start, start)) - 1, 0)
    inside = []
    for s, e in spans[first:]:
        if s >= end:
            break
        if e > start:
            inside.append((s, e))
    for s, e in inside:
        s, e = max(s, start), min(e, end)
        tokens.extend(_words(text, position, s))
        tokens.append(Token(s, e, text[s:e], "q", text[s:e].lower()))
        position = e
    tokens.extend(_words(text, position, end))
    return tokens


# The words at which attribute() looks for a quote (see its branches): a unit with none of
# them and no quotation has nothing to find.
_TRIGGER_WORDS = SPEECH_VERBS | GERUNDS | NAMING_VERBS | {"according"}


def may_attribute(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """False when tokenizing text[start:end] could not yield a quote: no quotation in it
    and none of the words attribute() starts from. A cheap test before tokenize()."""
    for index in range(max(bisect.bisect_left(spans, (start, start)) - 1, 0), len(spans)):
        s, e = spans[index]  # the spans tokenize() would take as quotations
        if s >= end:
            break
        if e > start:
            return True
    return not _TRIGGER_WORDS.isdisjoint(map(str.lower, _WORD_OR_PUNCT.findall(text, start, end)))


def _words(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    for match in _WORD_OR_PUNCT.finditer(text, start, end):
        word = match.group()
        if word == "." and out and out[-1].end == match.start() and (
            out[-1].lower in NAME_ABBREVIATIONS
        ):
            out[-1] = Token(out[-1].start, match.end(), out[-1].text + ".", "w",
                            out[-1].lower + ".")
            continue
        kind = "w" if word[0].isalnum() or word[0] == "_" else "p"
        out.append(Token(match.start(), match.end(), word, kind, word.lower()))
    return out


def attribute(tokens: list[Token], known: frozenset[str]) -> tuple[list[Attribution], set[int]]:
    """The quotes in one unit, and the token indexes they used."""
    found: list[Attribution] = []
    used: set[int] = set()
    cursor = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.is_word():
            i += 1
            continue
        lower = token.lower
        result = None
        if lower == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
            result = _according_to(tokens, i, cursor)
        elif lower in GERUNDS and i > 0 and (
                (i > cursor and tokens[i - 1].text in {",", "and", "—", "–"})
                or (tokens[i - 1].kind == "q" and tokens[i - 1].text[-2:-1] == ",") or (
                    tokens[i - 1].lower in DOCUMENT_HEADS and i + 1 < len(tokens)
                    and tokens[i + 1].lower == "that")):
            # "..., saying ...", and "released a report alleging that ...": the unit's
            # subject speaks through the document.
            result = _gerund(tokens, i, cursor, found)
        elif lower in SPEECH_VERBS and _is_reporting_use(tokens, i):
            result = _reporting_verb(tokens, i, cursor, known)
        elif lower in NAMING_VERBS and i > cursor and tokens[i - 1].lower not in BE_WORDS:
            result = _naming_verb(tokens, i, cursor, known)
        if result is None:
            i += 1
            continue
        attributions, last = result
        for attribution in attributions:
            found.append(attribution)
            used.update(id(t) for t in attribution.content)
        cursor = last + 1
        i = last + 1
    return found, {i for i, t in enumerate(tokens) if id(t) in used}


def _is_reporting_use(tokens: list[Token], i: int) -> bool:
    word = tokens[i].lower
    previous = tokens[i - 1].lower if i > 0 else ""
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    if previous == "to" and word in {"say", "tell", "add", "note", "explain", "claim", "admit",
                                     "insist", "argue", "warn", "acknowledge", "urge"}:
        return False  # "refused to say", "wants to add"
    if previous in BE_WORDS and word in {"told", "asked", "said", "reported", "believed",
                                         "advised", "reminded", "urged", "informed",
                                         "estimated", "expected", "claimed", "alleged",
                                         "denied"}:
        return False  # passive: "was told", "is said to"
    if word in {"said", "says", "believed", "reported", "estimated"} and following == "to":
        return False
    if word in {"points", "pointed"}:
        return following == "out"
    plural_subject = previous.endswith("s") and not previous.endswith(("’s", "'s", "ss"))
    if word in BASE_FORMS and previous not in BASE_FORM_SUBJECTS and not plural_subject:
        # "Suncor’s claim", "a note": a bare verb form needs a subject that takes it.
        return following == "that" or (i + 1 < len(tokens) and tokens[i + 1].kind == "q")
    if word in {"notes", "claims", "reports", "comments", "remarks", "answers", "rules",
                "estimates", "estimated", "note", "promises", "pledges", "vows", "counters",
                "alleges", "warns", "chanted", "concludes", "continues", "continued"}:
        # Also plural nouns ("the notes", "tax claims"): a verb only right after a
        # speaker-like word or before a quotation.
        if following == "that" and _relative_clause(tokens, i + 2):
            return False  # "media reports that describe the program": a noun, then "that"
        return i + 1 < len(tokens) and (tokens[i + 1].kind == "q" or tokens[i + 1].lower
                                        == "that") or (i > 0 and tokens[i - 1].kind == "q")
    return True


def _relative_clause(tokens: list[Token], k: int) -> bool:
    """Whether the words from k, right after "that", read as a relative clause's verb and
    its object ("that describe the program") rather than a reported clause's subject."""
    if k + 1 >= len(tokens):
        return False
    word, following = tokens[k], tokens[k + 1]
    return (word.is_word() and word.text.islower() and word.lower not in SUBJECT_PRONOUNS
            and word.lower not in DETERMINERS and following.lower in {"the", "a", "an", "how",
                                                                     "what", "its", "their"})


def _short_mention(after: list[Token]) -> bool:
    """A short quotation that opens a noun phrase ("declares “major victory” in ..."): a
    phrase the verb takes as its object, not words the speaker said."""
    return (len(after) > 1 and after[0].kind == "q" and after[1].is_word()
            and len(after[0].text.split()) <= SHORT_MENTION_WORDS)


# A quotation of this many words or fewer, with more words after it, is named rather than
# said ("declares “major victory” in ..."); a clause quoted after such a verb is longer.
SHORT_MENTION_WORDS = 3


def _reporting_verb(tokens: list[Token], i: int, cursor: int, known: frozenset[str]):
    verb = tokens[i].text
    lower_verb = verb.lower()
    left = _speaker_before(tokens, i, cursor, known)
    pre_end = left[0] if left else i
    pre = tokens[cursor:pre_end]
    pre_content = _strip_trailing(pre)
    pre_ends_open = bool(pre) and (pre[-1].text in {",", "—", "–"} or pre[-1].kind == "q")
    pre_is_content = pre_ends_open and _has_content(pre_content, leading=True)
    pre_is_quotation = bool(pre_content) and pre_content[-1].kind == "q"
    content_start, comma_after = _content_start(tokens, i, lower_verb)
    content_end = _content_end(tokens, content_start) if content_start is not None else None
    after = tokens[content_start:content_end] if content_start is not None else []
    after_is_content = _has_content(after, allow_infinitive=lower_verb in LISTENER_VERBS,
                                    split=comma_after)
    if after_is_content and lower_verb in {"denied", "denies"} and after[0].kind == "w":
        # "denied the involvement of forced labour" reports a denial; "denied the Flames"
        # (a name as object) does not.
        head = next((t for t in after if t.lower not in DETERMINERS), after[0])
        after_is_content = head.text.islower()
    if after_is_content and lower_verb in AMBIGUOUS_VERBS:
        after_is_content = (after[0].kind == "q" and not _short_mention(after)) or (
            tokens[content_start - 1].lower == "that")
    if after_is_content and pre_is_quotation and not (
        any(t.kind == "q" for t in after) or tokens[content_start - 1].lower == "that"
    ):
        # "“...,” he said, speaking through a translator": a tail, not more content.
        after_is_content = False

    if left is None:
        if pre_is_content and (pre_is_quotation or _word_count(pre_content) >= 4):
            particle = i + 1 < len(tokens) and tokens[i + 1].lower in {"out", "on"} and (
                lower_verb in {"points", "pointed", "went", "goes"})
            right = _speaker_after(tokens, i + 2 if particle else i + 1)
            if right is None:
                return None
            speaker_start, speaker_end, role, role_end = right
            speaker = tokens[speaker_start:speaker_end]
            out = [Attribution(pre_content, verb, speaker, role)]
            last = role_end - 1
            if (role_end < len(tokens) and tokens[role_end].text == "," and role_end == speaker_end
                    and not pre_is_quotation):
                # "There is a satisfaction, insists Xander Wise, in seeing ...": split quote.
                rest_end = _content_end(tokens, role_end + 1)
                rest = _strip_trailing(tokens[role_end + 1 : rest_end])
                if _has_content(rest, split=True):
                    out.append(Attribution(rest, verb, speaker, role))
                    last = rest_end - 1
            else:
                last = _tail_end(tokens, last)
            return out, last
        if pre and pre[-1].lower in {",", "and", "but"} and after_is_content:
            # "IRCC did not reveal details, but said ...": the subject goes on speaking.
            subject = _unit_subject(tokens, cursor, i)
            return [Attribution(after, verb, subject, None)], content_end - 1
        return None

    speaker_start, speaker_end, role = left
    speaker = tokens[speaker_start:speaker_end]
    if pre_is_content and (pre_is_quotation or not after_is_content):
        out = [Attribution(pre_content, verb, speaker, role)]
        if comma_after and after_is_content:
            out.append(Attribution(after, verb, speaker, role))
            last = content_end - 1
        else:
            last = _tail_end(tokens, i)
        return out, last
    if pre_is_content and comma_after and after_is_content:
        return [
            Attribution(pre_content, verb, speaker, role),
            Attribution(after, verb, speaker, role),
        ], content_end - 1
    if after_is_content:
        lead = None
        if lower_verb not in LISTENER_VERBS:  # "told a news conference that" is no lead
            k = i
            while k - 1 >= speaker_end and tokens[k - 1].lower in BETWEEN_SPEAKER_AND_VERB:
                k -= 1
            lead = tokens[k].start  # "strongly denied"
        return [Attribution(after, verb, speaker, role, lead)], content_end - 1
    return None


def _word_count(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if t.is_word())


def _naming_verb(tokens: list[Token], i: int, cursor: int, known: frozenset[str]):
    """"They called it a bandage solution", "called the minister a “chicken”",
    "described her as the children’s mother", "what he calls the UN’s overreach"."""
    n = len(tokens)
    verb = tokens[i].text
    left = _speaker_before(tokens, i, cursor, known)
    if left is not None and left[1] - left[0] > 3 and not tokens[left[1] - 1].text[:1].isupper():
        return None  # "the company withdrew an app called ...": not a speaker's words
    if left is not None:
        speaker = tokens[left[0] : left[1]]
        role = left[2]
        before_speaker = tokens[left[0] - 1].lower if left[0] > cursor else ""
    elif tokens[i - 1].lower in {"and", "but", ","}:
        speaker, role, before_speaker = _unit_subject(tokens, cursor, i), None, ""
    else:
        return None
    j = i + 1
    if j >= n or tokens[j].lower in {"for", "on", "upon", "off", "up", "out", "back", "in",
                                     "to", "at", "by"}:
        return None  # "called for talks", "called on residents"
    end = _content_end(tokens, j)
    start = None
    for k in range(j, min(end, j + 9)):
        if tokens[k].kind == "q":
            start = k
            break
        if tokens[k].text in {",", ";"}:
            break
    if start is None:
        if tokens[j].lower in NAMED_OBJECTS:
            start = j + 1
            if start < end and tokens[start].lower == "as":
                start += 1
        elif verb.lower().startswith("descri"):
            as_at = next((k for k in range(j, min(end, j + 9)) if tokens[k].lower == "as"), None)
            start = as_at + 1 if as_at is not None else None
        elif before_speaker in {"what", "which"}:
            start = j  # "what he calls the UN’s taking away of freedom of speech"
    if start is None or start >= end:
        return None
    content = _strip_trailing(tokens[start:end])
    if not content or (content[0].kind != "q" and _word_count(content) < 2):
        return None
    return [Attribution(content, verb, speaker, role)], end - 1


def _according_to(tokens: list[Token], i: int, cursor: int):
    start = i + 2
    end = start
    while end < len(tokens) and tokens[end].text not in {",", ".", ";", ":", "?", "!"} and (
        tokens[end].kind != "q"
    ):
        end += 1
    if end == start or tokens[start].lower in {"your", "my", "our", "his", "her", "their"}:
        return None  # "according to your budget": a measure, not a source
    speaker = tokens[start:end]
    out = []
    pre = _strip_trailing(tokens[cursor:i])
    last = end - 1
    rest: list[Token] = []
    pre_is_content = _has_content(pre, leading=True)
    if end < len(tokens) and tokens[end].text == ",":
        rest_end = _content_end(tokens, end + 1)
        rest = tokens[end + 1 : rest_end]
        if not _has_content(rest, split=True):
            rest = []
        elif pre_is_content and rest[0].kind != "q" and (
                _word_count(pre) >= CLAUSE_WORDS and pre[0].lower not in PREPOSITIONS):
            # After "X happened, according to the report, ..." the words go on about the
            # source ("written by ...", "policy documents and ..."), not a second claim.
            rest = []
            last = rest_end - 1
    if pre_is_content:
        out.append(Attribution(pre, "according to", speaker, None))
    if rest:
        out.append(Attribution(rest, "according to", speaker, None))
        last = rest_end - 1
    return (out, last) if out else None


# Words before "according to X," that make a clause of their own: fewer are a subject
# ("The harsh truth, according to experts, is ...") whose predicate follows.
CLAUSE_WORDS = 6


def _gerund(tokens: list[Token], i: int, cursor: int, found: list[Attribution]):
    verb = tokens[i].text
    start = i + 1
    if verb.lower() == "calling" and start < len(tokens) and tokens[start].lower in {
        "it", "them", "him", "her", "this", "that"
    }:
        start += 1
    elif verb.lower() == "calling" and start < len(tokens) and tokens[start].kind != "q":
        start = i  # "calling the achievement a “major victory”": the naming is the claim
    elif start < len(tokens) and tokens[start].lower == "that":
        start += 1
    end = _content_end(tokens, start)
    content = _strip_trailing(tokens[start:end])
    if not _has_content(content, allow_infinitive=verb.lower() == "urging"):
        return None
    speaker = found[-1].speaker if found else _unit_subject(tokens, cursor, i)
    lead = tokens[i].start
    if i >= 3 and tokens[i - 1].text == "," and tokens[i - 2].lower in SPEECH_VERBS and (
            tokens[i - 3].lower in SUBJECT_PRONOUNS):
        lead = tokens[i - 3].start  # "..., she said, insisting the programme was voluntary"
    return [Attribution(content, verb, speaker, None, lead)], end - 1


def _unit_subject(tokens: list[Token], cursor: int, limit: int) -> list[Token] | None:
    """The subject opening a unit, for a verb that goes on without one: "IRCC did not
    reveal details, but said ...", "Roy Graf protested the bills, saying ..."."""
    j = cursor
    while j < limit and tokens[j].lower in {"but", "and", "so", "yet", "still", "however",
                                             "meanwhile", "then", "also"}:
        j += 1
    if j < limit and tokens[j].text == ",":
        j += 1
    if j < limit and tokens[j].lower in PREPOSITIONS | SUBJECT_BLOCKERS:
        while j < limit and tokens[j].text != ",":
            j += 1
        j += 1  # past an opening phrase: "In a statement, IRCC ..."
    if j >= limit or tokens[j].kind != "w":
        return None
    if tokens[j].lower in SUBJECT_PRONOUNS - {"who"}:
        return tokens[j : j + 1]
    start = j
    if tokens[j].lower in {"the", "a", "an"}:
        j += 1
    if j < limit and tokens[j].lower in ROLE_WORDS and j + 1 < limit and (
            tokens[j + 1].lower in {"of", "at", "for"}):
        # "The head of the regional government in Tibet has defended ..., saying": a role
        # description as subject, up to the first word that cannot be in it.
        end = j + 2
        while end < limit and tokens[end].kind == "w" and tokens[end].lower not in NP_STOP:
            end += 1
        return tokens[start:end]
    end = j
    while end < limit and tokens[end].kind == "w":
        token = tokens[end]
        if token.text[:1].isupper() or (_is_joiner(token) and end > j):
            end += 1
        elif token.lower in ROLE_WORDS | ORG_WORDS | ROLE_MODIFIERS and any(
            t.text[:1].isupper() for t in tokens[end + 1 : min(limit, end + 4)]
        ):
            end += 1  # "Chinese foreign ministry spokeswoman Hua Chunying"
        else:
            break
    if end > j and end < limit and tokens[end].lower in ORG_WORDS and (
            tokens[end - 1].text[:1].isupper()):
        return tokens[start : end + 1]  # "The US government has imposed ..., accusing"
    while end > j and not tokens[end - 1].text[:1].isupper():
        end -= 1
    if end == j:
        return None
    return tokens[start:end]


QUANTITY_WORDS = frozenset("over about around under nearly almost".split())
NUMBER_WORDS = frozenset(
    "half a an one two three four five six seven eight nine ten dozens hundreds thousands "
    "millions".split()
)


def _has_content(tokens: list[Token], allow_infinitive: bool = False,
                 leading: bool = False, split: bool = False) -> bool:
    """Whether tokens can be reported content. leading: content before its attribution,
    which may open with any word; split: the second half of a quote split around its
    attribution ("..., Rutledge said, for others, it can ...")."""
    if not tokens:
        return False
    if any(t.kind == "q" for t in tokens):
        return True
    first = tokens[0].lower
    if first == "to" and not allow_infinitive and not leading:
        return False
    if first in QUANTITY_WORDS and len(tokens) > 1 and (
            tokens[1].text[:1].isdigit() or tokens[1].lower in NUMBER_WORDS):
        first = ""  # "said over half a million people were trained": a figure, not "over"
    if not leading and first in NOT_CONTENT_START:
        if not split or first in {"which", "who", "whose", "where", "referring", "speaking",
                                  "though", "although"}:
            return False
    return sum(1 for t in tokens if t.is_word()) >= MIN_INDIRECT_WORDS


def _strip_trailing(tokens: list[Token]) -> list[Token]:
    end = len(tokens)
    while end > 0 and tokens[end - 1].kind == "p":
        end -= 1
    start = 0
    while start < end and tokens[start].kind == "p" and tokens[start].text not in {"(", "["}:
        start += 1
    return tokens[start:end]


def _content_start(tokens: list[Token], i: int, verb: str) -> tuple[int | None, bool]:
    """Where the reported content after a verb starts, and whether a comma came first."""
    j = i + 1
    n = len(tokens)
    if j < n and tokens[j].text in {"out", "on"} and verb in {"points", "pointed", "went"}:
        j += 1
    comma_after = False
    if j < n and tokens[j].text in {":", ",", "—", "–"}:
        comma_after = tokens[j].text == ","
        j += 1
    that_at = None
    for k in range(j, min(n, j + 9)):
        if tokens[k].kind == "q" or tokens[k].text in {",", ";", ".", ":"}:
            break
        if tokens[k].lower == "that":
            that_at = k
            break
    if that_at is not None and (
        that_at == j or verb in LISTENER_VERBS or tokens[j].lower in PREPOSITIONS | TAIL_WORDS
    ):
        j = that_at + 1
    elif verb in LISTENER_VERBS:
        j = _skip_listener(tokens, j)
    else:
        while j < n and tokens[j].lower in TAIL_WORDS:
            j += 1
        if j < n and tokens[j].lower in {"in", "during", "on", "at", "after", "via", "through"}:
            # "said in his New Year's speech he was ready": past the phrase to the clause.
            for k in range(j + 1, min(n, j + 9)):
                if tokens[k].kind == "q" or tokens[k].text in {",", ";", ".", ":"}:
                    break
                if tokens[k].lower in SUBJECT_PRONOUNS - {"who"}:
                    j = k
                    break
    if j >= n:
        return None, comma_after
    return j, comma_after


def _skip_listener(tokens: list[Token], j: int) -> int:
    """Past the listener of "told": "told the newspaper", "told CTV News", "told me"."""
    n = len(tokens)
    if j < n and tokens[j].lower in {"me", "us", "him", "her", "them", "you", "reporters",
                                     "journalists", "residents", "people", "members",
                                     "listeners", "viewers", "readers", "supporters"}:
        return j + 1
    if j < n and tokens[j].lower in {"the", "a", "an"}:
        j += 1
        while j < n and tokens[j].is_word() and (tokens[j].text[:1].isupper() or j + 1 < n
                                                 and tokens[j + 1].text[:1].isupper()):
            j += 1
        if j < n and tokens[j].is_word() and tokens[j].lower not in NP_STOP:
            j += 1  # "the newspaper"
        return j
    while j < n and tokens[j].is_word() and tokens[j].text[:1].isupper():
        j += 1
    while j < n and tokens[j].lower in TAIL_WORDS:
        j += 1
    return j


def _content_end(tokens: list[Token], start: int) -> int:
    """The end of reported content: the unit's end, or a new attribution after a comma."""
    n = len(tokens)
    for k in range(start, n - 1):
        if tokens[k].text == "," or tokens[k].kind == "q" and tokens[k].text[-2:-1] == ",":
            following = tokens[k + 1].lower
            if following in GERUNDS or (
                following == "according" and k + 2 < n and tokens[k + 2].lower == "to"
            ):
                return k + 1 if tokens[k].kind == "q" else k
            if following in {"and", "but"} and k + 2 < n and (
                tokens[k + 2].lower in SPEECH_VERBS
                or (k + 3 < n and tokens[k + 2].lower in SUBJECT_PRONOUNS
                    and tokens[k + 3].lower in SPEECH_VERBS)):
                return k  # "..., and she said the two had a chat": a new attribution
    end = n
    while end > start and tokens[end - 1].kind == "p":
        end -= 1
    return end


def _tail_end(tokens: list[Token], i: int) -> int:
    """The last token of an attribution's tail: up to the next comma or the unit's end."""
    j = i + 1
    while j < len(tokens) and tokens[j].text not in {",", ";"} and tokens[j].kind != "q":
        j += 1
    return j - 1


# Nouns naming the occasion in "Zhao Lijian at a daily news briefing called ...": a
# phrase between a speaker and the verb, not the speaker.
EVENT_NOUNS = frozenset(
    "conference briefing meeting event rally hearing session forum summit ceremony "
    "interview gathering symposium".split()
)
# How far back from a verb the skipped setting ("at a daily news briefing in Beijing") or
# parenthesis ("(赵立坚)") may start: such phrases run to a handful of words.
SETTING_REACH = 9
# Words in front of "notice posted to ..." or "chairman of ..." that still belong to it:
# a determiner and a couple of modifiers ("the regional government chairman").
DESCRIPTION_REACH = 4


def _speaker_before(tokens: list[Token], i: int, cursor: int, known: frozenset[str]):
    """(start, end, role) of the speaker phrase that ends right before the verb at i,
    past an occasion or a parenthesis between them, and reaching back over a role's
    "chairman of" or a document's "a notice posted to" in front of the phrase."""
    found = _speaker_phrase_before(tokens, _skip_setting(tokens, i, cursor), cursor, known)
    if found is None:
        return None
    start, end, role = found
    return _extend_description(tokens, start, cursor), end, role


def _skip_setting(tokens: list[Token], i: int, cursor: int) -> int:
    """Where the speaker phrase before the verb at i ends, past "at a news briefing in
    Beijing" and "(赵立坚)": the index to read back from, as if the verb were there."""
    for k in range(i - 1, max(cursor, i - SETTING_REACH) - 1, -1):
        token = tokens[k]
        if token.kind != "w":
            break
        if (token.lower == "at" or token.lower == "during") and k - 1 >= cursor and (
                tokens[k - 1].text == ")" or tokens[k - 1].text[:1].isupper()) and any(
                t.lower in EVENT_NOUNS for t in tokens[k + 1 : i]):
            i = k
            break
    if i - 1 > cursor and tokens[i - 1].text == ")":
        for k in range(i - 2, max(cursor, i - SETTING_REACH) - 1, -1):
            if tokens[k].text == "(":
                if k > cursor:
                    i = k
                break
    return i


def _extend_description(tokens: list[Token], start: int, cursor: int) -> int:
    """An earlier start for the phrase at start: "the chairman of [the regional
    government]", "a notice posted last month to [the website of ...]"."""
    if start - 2 < cursor or tokens[start - 1].kind != "w":
        return start
    before = tokens[start - 1].lower
    if before == "of" and start - 3 >= cursor and tokens[start - 3].lower in {"the", "a", "an"} and (
            tokens[start - 2].text.islower() and tokens[start - 2].lower not in ROLE_WORDS):
        # "the website of [the county government]": the phrase it belongs to
        start -= 3
        if start - 2 < cursor or tokens[start - 1].kind != "w":
            return start
        before = tokens[start - 1].lower
    if before in {"of", "at", "for", "from", "with"} and (
            tokens[start - 2].lower.rstrip(".") in ROLE_WORDS):
        return _description_start(tokens, start - 2, cursor)
    if before in {"to", "on", "in", "at", "by", "from"}:
        for k in range(start - 2, max(cursor, start - SETTING_REACH) - 1, -1):
            if tokens[k].kind != "w":
                break
            if tokens[k].lower in ISSUING_PARTICIPLES:
                if k - 1 >= cursor and tokens[k - 1].lower in DOCUMENT_HEADS:
                    return _description_start(tokens, k - 1, cursor)
                break
    return start


def _description_start(tokens: list[Token], head: int, cursor: int) -> int:
    """The start of a description ending in the noun at head: its determiner and
    modifiers ("the regional government chairman"), within a few words."""
    start = head
    for k in range(head - 1, max(cursor, head - DESCRIPTION_REACH) - 1, -1):
        token = tokens[k]
        if token.kind != "w" or token.lower in NP_STOP:
            break
        start = k
        if token.lower in DETERMINERS:
            break
    return start


def _speaker_phrase_before(tokens: list[Token], i: int, cursor: int, known: frozenset[str]):
    """(start, end, role) of the speaker phrase that ends right before index i."""
    j = i - 1
    while j >= cursor:
        if tokens[j].lower in BETWEEN_SPEAKER_AND_VERB or tokens[j].lower in TAIL_WORDS - {"now"}:
            j -= 1
        elif (tokens[j].lower in {"week", "month", "year", "weekend"} and j - 1 >= cursor
              and tokens[j - 1].lower in {"this", "last", "next"}):
            j -= 2  # "Michelle Rempel earlier this week called ..."
        else:
            break
    # "Scheer, however, said": a parenthetical adverb between commas.
    if j - 2 >= cursor and tokens[j].text == "," and tokens[j - 1].lower in BETWEEN_SPEAKER_AND_VERB \
            and tokens[j - 2].text == ",":
        j -= 3
    if j < cursor:
        return None
    role = None
    if tokens[j].text == ",":
        # "Bill Sims, the city's director of engineering, said": name, apposition, verb.
        k = j - 1
        while k >= cursor and tokens[k].text != "," and j - k < 25:
            k -= 1
        if k < cursor or tokens[k].text != ",":
            return None
        apposition = tokens[k + 1 : j]
        if not apposition or apposition[0].kind == "q" or not _is_apposition(apposition):
            return None
        start = _phrase_start(tokens, k - 1, cursor)
        if start is None:
            return None
        if not tokens[k - 1].text[:1].isupper():
            if all(t.text[:1].isupper() for t in apposition if t.is_word()):
                # "His father, Ernie LeBlanc, says": the name is in the apposition.
                return k + 1, j, _role_text(tokens[start:k])
            return None
        apposition_words = [t for t in apposition if t.is_word()]
        if (apposition_words and all(t.text[:1].isupper() for t in apposition_words)
                and strip_possessive(apposition_words[-1].text) in known
                and strip_possessive(tokens[k - 1].text) not in known):
            # "the director of provincial operations for EHS, Jeff Fraser, says".
            return k + 1, j, _role_text(tokens[start:k])
        if strip_possessive(tokens[k - 1].text) not in known:
            # "Tareq Hadad, the co-founder of Peace By Chocolate, a company based in
            # Antigonish, N.S., says": reach back to the person the article names.
            for m in range(k - 2, max(cursor, k - 40) - 1, -1):
                if tokens[m + 1].text == "," and strip_possessive(tokens[m].text) in known:
                    named_start = _phrase_start(tokens, m, cursor)
                    if named_start is not None:
                        close = m + 2
                        while close < j and tokens[close].text != ",":
                            close += 1
                        return named_start, m + 1, _role_text(tokens[m + 2 : close])
        role = _role_text(apposition)
        return start, k, role
    if tokens[j].kind != "w":
        return None
    lower = tokens[j].lower
    if lower in SUBJECT_PRONOUNS:
        return j, j + 1, None
    start = _phrase_start(tokens, j, cursor)
    if start is None:
        return None
    return start, j + 1, None


def _is_joiner(token: Token) -> bool:
    """"of", "and", a lower-case "al": words that join a phrase but cannot end it. A
    capitalized particle ("Al Mnajer", "De Souza") starts a name."""
    return token.lower in NP_JOINERS and not token.text[:1].isupper()


def _phrase_start(tokens: list[Token], j: int, cursor: int) -> int | None:
    """Reading back from j, where the speaker phrase ending at j starts."""
    if j < cursor or tokens[j].kind != "w":
        return None
    head = tokens[j]
    if head.lower in NP_STOP or head.lower in DETERMINERS or _is_joiner(head):
        return None
    if head.lower.endswith("ly") and not head.text[:1].isupper():
        return None
    start = j
    k = j - 1
    while k >= cursor and j - k < 12:
        token = tokens[k]
        if token.kind != "w":
            break
        lower = token.lower
        if lower in DETERMINERS:
            start = k
            if (lower == "the" and k - 2 >= cursor and tokens[k - 1].lower in {"with", "of", "at", "from"}
                    and tokens[k - 2].text[:1].isupper()):
                k -= 1  # "Tim Guest with the Nova Scotia Health Authority"
                continue
            break
        if _is_joiner(token):
            if k - 1 >= cursor and tokens[k - 1].kind == "w" and tokens[k - 1].lower not in NP_STOP:
                k -= 1
                continue
            break
        if lower in NP_STOP and not (len(token.text) > 1 and token.text.isupper()):
            break  # "us" ends a phrase, "US" ("the US Department of State") does not
        start = k
        k -= 1
    while start < j and _is_joiner(tokens[start]):
        start += 1
    if start == j and not head.text[:1].isupper() and not head.lower.endswith(AGENT_SUFFIXES) and head.lower not in {
        "officials", "authorities", "police", "experts", "critics", "residents", "analysts",
        "researchers", "sources", "observers", "protesters", "protestors", "organizers",
        "witnesses", "investigators", "prosecutors", "lawyers", "officers", "scientists",
        "doctors", "economists", "locals", "villagers", "workers", "parents", "students",
        "advocates", "supporters", "opponents", "members", "leaders", "activists", "data",
        "statistics", "figures",
    }:
        return None  # a lone lower-case word before "said" is rarely its speaker
    return start


def _speaker_after(tokens: list[Token], j: int):
    """(start, end, role, end of role) of a speaker phrase starting at j: "said Zhang Ke,
    deputy chief of the CPC committee of Jiashi county"."""
    n = len(tokens)
    if j >= n or tokens[j].kind != "w":
        return None
    lower = tokens[j].lower
    if lower in SUBJECT_PRONOUNS - {"who"}:
        return j, j + 1, None, j + 1
    k = j
    while k < n and tokens[k].kind == "w" and k - j < 12:
        token = tokens[k]
        lower = token.lower
        if _is_joiner(token) and k > j:
            if k + 1 < n and tokens[k + 1].kind == "w" and tokens[k + 1].lower not in NP_STOP:
                k += 1
                continue
            break
        if (lower in NP_STOP or lower in TAIL_WORDS) and not token.text[:1].isupper():
            break
        if lower in DETERMINERS and k > j:
            break
        k += 1
    # The phrase ends with its last capitalized word ("said Zhang Ke yesterday"), unless it
    # has none ("says the affable proprietor").
    last_capital = max((m for m in range(j, k) if tokens[m].text[:1].isupper()), default=None)
    if (last_capital is not None and tokens[j].lower not in DETERMINERS
            and not tokens[last_capital].text.endswith(("’s", "'s"))):
        k = last_capital + 1
    while k > j and _is_joiner(tokens[k - 1]):
        k -= 1
    if k == j:
        return None
    if last_capital is None and tokens[j].lower not in DETERMINERS and k - j > 1:
        return None  # lower-case words after a verb are content, not a speaker
    if tokens[j].lower in DETERMINERS and k < n and tokens[k].text not in {",", ".", ";", "!",
                                                                          "?", "—", "–"}:
        if not (tokens[k - 1].lower in ISSUING_PARTICIPLES
                and any(t.lower in DOCUMENT_HEADS for t in tokens[j + 1 : k - 1])):
            return None  # "says the program changed his life": a clause, not a speaker
        # "says a document released at the briefing, noting ...": the document speaks.
        while k < n and k - j < SETTING_REACH + 3 and tokens[k].kind == "w":
            k += 1
        if k < n and tokens[k].text not in {",", ".", ";"}:
            return None
        return j, k, None, k
    end = k
    role = None
    role_end = end
    if end < n and tokens[end].text == ",":
        apposition_end = end + 1
        while apposition_end < n and tokens[apposition_end].text not in {",", ".", ";"} and (
            tokens[apposition_end].kind != "q"
        ):
            apposition_end += 1
        apposition = tokens[end + 1 : apposition_end]
        if apposition and _is_apposition(apposition):
            role = _role_text(apposition)
            role_end = apposition_end
            if not tokens[end - 1].text[:1].isupper() and all(
                t.text[:1].isupper() for t in apposition if t.is_word()
            ):
                # "says Campbell’s partner, Jason Louth": the name is in the apposition.
                role = _role_text(tokens[j:end])
                return end + 1, apposition_end, role, apposition_end
    return j, end, role, role_end


FINITE_WORDS = frozenset(
    "is was are were has have had will would can could should did does do may might must "
    "shall".split()
)


def _is_apposition(tokens: list[Token]) -> bool:
    """Whether words between commas after a name describe the person ("deputy chief of
    the county committee", "73", "who joined the board") rather than start a clause."""
    first = tokens[0].lower
    if first not in {"who", "whose"} and any(t.lower in FINITE_WORDS for t in tokens):
        return False
    if first in {"who", "which", "whose", "that", "where", "when", "while", "as", "in", "on",
                 "at", "from", "to", "for", "with", "by", "adding", "noting", "saying", "but",
                 "and", "so", "because", "if", "although", "though", "referring"}:
        return first in {"who", "whose"}  # "Ruslim, who joined the board" adds no role
    if first in PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON:
        return False
    return not any(t.lower in SPEECH_VERBS for t in tokens) and len(tokens) <= 20


def _role_text(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if t.kind != "q"]
    if not words or words[0].lower in {"who", "whose", "which"}:
        return None
    if all(not t.is_word() or t.text.isdigit() for t in words):
        return None  # an age: "Purdy, 73, says"
    text = " ".join(t.text for t in words)
    text = re.sub(r"\s+([,.’'])", r"\1", text).replace(" ’s", "’s")
    text = re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.IGNORECASE)
    return text or None
