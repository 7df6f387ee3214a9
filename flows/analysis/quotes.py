"""Quotes, direct and indirect, with their speakers.

How it reads an article:

1. Quotation-mark spans are found paragraph by paragraph (quotemarks.py), and sentences
   that a quotation runs across are joined into one unit, so a unit never cuts a
   quotation; a short "Kim said." is joined to the quotation before it.
2. Each unit is read for attributions (attribution.py): who said it, with which verb,
   and which words are the content. Content that is one quotation is a direct quote;
   with other words around a quotation it is mixed; without one it is indirect.
3. A unit that is only a quotation, shortly after a quote, continues that quote's
   speaker; a paragraph signed by a name ("... Rod Peters, mayor") or an embedded post
   ("... — BC Hydro (@bchydro)") is a quote of its signer.
4. Speakers are resolved in reading order (people.py): a lone surname to the full name
   given earlier, a pronoun to the person last named as a subject, "the department" to
   the organisation last quoted, an acronym to the name it abbreviates.
"""

from __future__ import annotations

import bisect
import re

from flows.analysis.attribution import (
    SPEECH_VERBS,
    Attribution,
    attribute,
    may_attribute,
    tokenize,
)
from flows.analysis.descriptions import name_role_descriptions
from flows.analysis.people import collect_people, resolve_speaker
from flows.analysis.quotemarks import find_quote_spans
from flows.analysis.records import Quote, Sentence
from flows.analysis.sentences import split_sentences
from flows.analysis.speakers import ArticleSpeakers, strip_possessive

# A quotation standing alone continues the speaker of a quote this many sentences back at
# most: news style lets a sentence or two of narration pass between a quote and its
# follow-up.
FLOATING_REACH = 3
# Reported words fewer than this ("the involvement of forced labor") say little without
# their verb, so the quote takes in "strongly denied" or "she said, insisting" before them.
SHORT_QUOTE_WORDS = 7


def extract_quotes(text: str, sentences: list[Sentence] | None = None) -> list[Quote]:
    """Every quote in the article, in text order, with speakers resolved. sentences
    saves splitting again when the caller has them."""
    if sentences is None:
        sentences = split_sentences(text)
    spans = find_quote_spans(text)
    units = _units(text, sentences, spans)
    speakers = collect_people(text, spans)
    known = frozenset(speakers.known_tokens())
    quotes: list[Quote] = []
    unit_starts: list[int] = []
    for first_sentence, start, end in units:
        if _LINK_LINE.match(text, start):
            continue
        if not may_attribute(text, start, end, spans):
            unit_starts.append(start)  # most sentences: no quotation, no reporting verb
            continue
        tokens = tokenize(text, start, end, spans)
        attributions, consumed = attribute(tokens, known)
        for attribution in attributions:
            if attribution.speaker and len(attribution.speaker) == 1 and (
                    attribution.speaker[0].text == "I"):
                continue  # the writer's own words ("I told him"): no source is quoted
            quote = _resolve(text, attribution, first_sentence, speakers, quotes)
            if quote is not None:
                quotes.append(quote)
        reach_back = unit_starts[-FLOATING_REACH] if len(unit_starts) >= FLOATING_REACH else 0
        floating = _floating_quote(tokens, consumed, first_sentence, quotes, reach_back)
        if floating is not None:
            quotes.append(floating)
        unit_starts.append(start)
    quotes.extend(_signed_paragraphs(text, quotes, speakers, sentences))
    quotes.sort(key=lambda q: q.start)
    return name_role_descriptions(quotes)


# "READ MORE: ...", "WATCH: ...": links to other stories, whose headlines say "X says".
_LINK_LINE = re.compile(
    r"(?:READ MORE|WATCH|Watch|Read more|RELATED|Related|ALSO READ|Also read|SEE ALSO|"
    r"KEEPING SCORE|Video|VIDEO|Listen|LISTEN)\s*:",
)


def _units(text: str, sentences: list[Sentence],
           spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(first sentence index, start, end): sentences joined where a quotation crosses
    them, and a short attribution ("Kim said.") joined to the quotation before it."""
    units: list[tuple[int, int, int]] = []
    span_ends = {e for _, e in spans}
    span_starts = [s for s, _ in spans]
    for sentence in sentences:
        if units:
            index, start, end = units[-1]
            same_paragraph = "\n" not in text[end : sentence.start]
            # Spans do not overlap, so only the last one opening before `end` can cross.
            before = bisect.bisect_left(span_starts, end) - 1
            crosses = before >= 0 and spans[before][1] > sentence.start
            attribution_only = end in span_ends and _is_bare_attribution(sentence.text)
            if same_paragraph and (crosses or attribution_only):
                units[-1] = (index, start, sentence.end)
                continue
        units.append((sentence.index, sentence.start, sentence.end))
    return units


_BARE_ATTRIBUTION = re.compile(
    r"^(?:[\w’'.\-]+\s+){0,5}(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b[^“”\"]{0,80}$"
)


def _is_bare_attribution(sentence: str) -> bool:
    """"Kim said.", "Al Mnajer explained.", "said the proprietor.": a sentence that only
    says who spoke the quotation before it."""
    return len(sentence.split()) <= 12 and _BARE_ATTRIBUTION.match(sentence) is not None


# -- floating quotes ----------------------------------------------------------------


def _floating_quote(tokens, consumed, first_sentence, quotes, previous_unit_start):
    """A unit that is a quotation and nothing more continues the speaker of a quote in
    the unit just before it."""
    words = [t for t in tokens if t.kind != "p"]
    if len(words) != 1 or words[0].kind != "q" or len(words[0].text.split()) < 2:
        return None  # a one-word quotation ("“They…", cut off) is no quote to carry on
    index = tokens.index(words[0])
    if index in consumed or not quotes:
        return None
    previous = quotes[-1]
    if previous.end < previous_unit_start:
        return None
    quotation = words[0]
    return Quote(
        start=quotation.start,
        end=quotation.end,
        text=quotation.text,
        kind="direct",
        speaker_as_written=None,
        speaker_start=None,
        speaker_end=None,
        speaker=previous.speaker,
        role=previous.role,
        organisation=previous.organisation,
        speaker_kind=previous.speaker_kind,
        verb=None,
        sentence_index=first_sentence,
        reason="a quotation on its own continues the speaker of the quote before it",
    )


# -- signed paragraphs: embedded posts and pull quotes ------------------------------

# An embedded post as extracted text: "TEXT pic.twitter.com/x — BC Hydro (@bchydro) December
# 22, 2018".
_EMBEDDED_POST = re.compile(
    r"^(?P<body>.+?)[\s.]*(?:(?:\S*(?:https?://|pic\.twitter\.com/)\S*)\s*)*"
    r"[—–-]{1,2}\s*(?P<name>[^()\n]{2,60}?)\s*\(@\w+\)\s*(?:\w+\.?\s+\d{1,2},\s+\d{4})?\s*$"
)
# A pull quote: "TEXT. Rod Peters, Lake Cowichan mayor" or "TEXT. BC Hydro".
_SIGNATURE = re.compile(
    r"^(?P<body>.{20,}?[.!?\"”])\s+(?P<name>(?:[A-Z][\w’'.\-]*\s?){1,4})"
    r"(?:,\s*(?P<role>[^.!?]{2,60}))?\s*$"
)


def _signed_paragraphs(text: str, quotes: list[Quote], article: ArticleSpeakers,
                       sentences: list[Sentence]) -> list[Quote]:
    """Quotes of paragraphs signed by their speaker rather than attributed in a sentence."""
    found = []
    taken = [(q.start, q.end) for q in quotes]
    known = article.known_tokens() | {
        token for _, name, _ in article.speakers for token in name.split()
    }
    for line in re.finditer(r"[^\n]+", text):
        if any(s < line.end() and e > line.start() for s, e in taken):
            continue
        body = line.group()
        # an embedded post always has its "(@handle)": most lines are spared that pattern
        post = _EMBEDDED_POST.match(body) if "(@" in body else None
        match = post or _SIGNATURE.match(body)
        if match is None:
            continue
        name = match.group("name").strip()
        if not post and name.endswith("."):
            continue  # the line's last sentence ends with a name: not a signature
        if not post and not any(strip_possessive(w) in known for w in name.split()):
            continue  # a name the article never gives a speaker is a photo credit
        start = line.start() + match.start("body")
        end = line.start() + match.end("body")
        while end > start and text[end - 1] in " .":
            end -= 1
        if len(text[start:end].split()) < 5:
            continue
        speaker, role, organisation, kind = resolve_speaker(name, None, start, article, [])
        found.append(Quote(
            start=start, end=end, text=text[start:end], kind="direct",
            speaker_as_written=name,
            speaker_start=line.start() + match.start("name"),
            speaker_end=line.start() + match.start("name") + len(name),
            speaker=speaker, role=role, organisation=organisation, speaker_kind=kind,
            verb=None, sentence_index=_sentence_index_at(sentences, start),
            reason=("an embedded post signed by its author" if post else
                    "a paragraph signed with the speaker's name")
            + resolution_note(name, speaker),
        ))
    return found


def _sentence_index_at(sentences: list[Sentence], position: int) -> int:
    index = bisect.bisect_right([s.start for s in sentences], position) - 1
    return max(index, 0)


def _resolve(text, attribution: Attribution, sentence_index: int, article: ArticleSpeakers,
             quotes: list[Quote]) -> Quote | None:
    content = attribution.content
    if not content:
        return None
    quotations = [t for t in content if t.kind == "q"]
    words = [t for t in content if t.kind == "w"]
    if len(quotations) == 1 and not words:
        kind = "direct"
        start, end = quotations[0].start, quotations[0].end
    else:
        kind = "mixed" if quotations else "indirect"
        start, end = content[0].start, content[-1].end
        if attribution.lead is not None and attribution.lead < start and (
                len(text[start:end].split()) < SHORT_QUOTE_WORDS):
            start = attribution.lead  # "strongly denied the involvement of forced labor"
    speaker_tokens = attribution.speaker
    if speaker_tokens:
        speaker_start, speaker_end = speaker_tokens[0].start, speaker_tokens[-1].end
        as_written = text[speaker_start:speaker_end]
        position = speaker_start
    else:
        speaker_start = speaker_end = None
        as_written = None
        position = start
    name, role, organisation, speaker_kind = resolve_speaker(
        as_written, attribution.role, position, article, quotes
    )
    if name is not None:
        article.speakers.append((start, name, speaker_kind))
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        speaker_as_written=as_written,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        speaker=name,
        role=role,
        organisation=organisation,
        speaker_kind=speaker_kind,
        verb=attribution.verb,
        sentence_index=sentence_index,
        reason=(f"'{attribution.verb}' names the speaker in this sentence" if as_written
                else f"'{attribution.verb}' with no speaker named: carried from the article"
                if name else f"'{attribution.verb}' with no speaker found")
        + resolution_note(as_written, name),
    )


def resolution_note(as_written: str | None, speaker: str | None) -> str:
    """How the name as written became the speaker, when it changed."""
    if not as_written or not speaker or as_written == speaker:
        return ""
    return f"; '{as_written}' resolved to '{speaker}'"
