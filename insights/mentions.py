"""Where text people typed names someone an erasure or a retention run anonymised: a
saved search to delete (`search_mentions`), and text to redact (`redactor`) in the
workspace's names and notes and in the audit trail (the entries before an erasure, and
every entry recorded after it: insights.state.audit.append).

Both compare tombstone keys (etl.identity.tombstone_key: HMACs of an e-mail, phone,
LinkedIn profile or name), so neither needs the erased values: a piece of text is taken
for an identity, normalised as the loader does and keyed, and the key is looked up. The
identity an erasure was given is matched directly too, a phone also in national form.

What counts as an identity in text:
- an e-mail address (also inside `mailto:x`, `'x'`, `email=x`);
- a phone in international form (`+49 151 …`, `0049 …`), however spaced, even when more
  digits follow it (`+31612345678 2024-01-01`);
- a LinkedIn profile only as a URL or `in/slug` (a bare word is never taken for one);
- a name of two to five words, without quotes, brackets, punctuation or a possessive
  around it ("(Jane Quinlan's," names "jane quinlan"), also surname first ("Quinlan,
  Jane", "van Quinlan, Jane", "Quinlan Jane"). A one-word name or a surname alone is not
  recognised: too many people share it. The other way round, two people listed as
  "Martin, Thomas" read as Thomas Martin's name: text about others may lose those words,
  which an erasure accepts rather than keep a name it was asked to remove.

Saved searches are deleted only for an e-mail, phone or LinkedIn profile: a name is
shared by many people, so a search naming one is redacted instead (its query value).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator

from etl.identity import EMAIL_PATTERN, IdentityError, normalise, tombstone_key
from etl.personal import ERASED_MARK

Tombstones = Iterable[tuple[str, str, dt.date | None]]
Span = tuple[int, int]

# The loader's address pattern with its local part bounded (64 characters, RFC 5321): an
# unbounded one backtracks over every long run of address characters, so a 20,000-character
# word typed into a search took seconds.
_EMAIL = re.compile(EMAIL_PATTERN.pattern.replace("]+@", "]{1,64}@", 1), re.IGNORECASE)
_EMAIL_PREFIXES = "'/=:"  # characters the address pattern allows that often precede one
_PHONE = re.compile(r"(?:\+|\b00)\d[\d\s().\-/]{6,}\d")
_NATIONAL_PHONE = re.compile(r"\d[\d\s().\-/]{5,}\d")
_LINKEDIN = re.compile(r"(?:linkedin\.com/|^in/)\S+", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_NAME_WORDS = range(2, 6)
_LEADING = re.compile(r"[(\[\"'“‘]+")
_TRAILING = re.compile(r"(?:['’]s)?[)\].,;:!?\"'”’]*$")


class _Matcher:
    """Spans of a text that are identities whose tombstone key is kept (or the given one)."""

    def __init__(self, tombstones: Tombstones, secret: bytes, given: tuple[str, str] | None):
        self.keys = {key for _kind, key, _until in tombstones}
        self.secret = secret
        self.given = (given[0], normalise(*given)) if given else None

    def erased(self, kind: str, value: str) -> bool:
        try:
            clean = normalise(kind, value)
        except IdentityError:
            return False
        return (kind, clean) == self.given or tombstone_key(kind, clean, self.secret) in self.keys

    def contacts(self, text: str) -> Iterator[Span]:
        """E-mails, phones and LinkedIn profiles of the people erased."""
        for m in _EMAIL.finditer(text):
            starts = [m.start()] + [
                m.start() + i + 1 for i, c in enumerate(m.group(0)) if c in _EMAIL_PREFIXES
            ]
            for start in starts:
                if self.erased("email", text[start : m.end()]):
                    yield start, m.end()
                    break
        for m in _PHONE.finditer(text):
            end = next(
                (e for e in _cuts(text, *m.span()) if self.erased("phone", text[m.start() : e])),
                None,
            )
            if end is not None:
                yield m.start(), end
        if self.given is not None and self.given[0] == "phone":
            yield from _national(text, self.given[1])
        for m in _WORD.finditer(text):
            if _LINKEDIN.search(m.group(0)) is not None:
                a, b = _trimmed(text, m.start(), m.end())
                if self.erased("linkedin", text[a:b]):
                    yield a, b

    def names(self, text: str) -> Iterator[Span]:
        words = [m.span() for m in _WORD.finditer(text)]
        for n in _NAME_WORDS:
            for i in range(len(words) - n + 1):
                a, b = _trimmed(text, words[i][0], words[i + n - 1][1])
                if b - a >= 2 and any(self.erased("name", v) for v in _orders(text[a:b])):
                    yield a, b


def search_mentions(
    tombstones: Tombstones, secret: bytes, given: tuple[str, str] | None = None
) -> Callable[[str], bool]:
    """Whether a saved search's query (a URL query string) names, by e-mail, phone or
    LinkedIn profile, someone whose tombstone key is among `tombstones`, or the identity
    `given` to the erasure (kind, value)."""
    matcher = _Matcher(tombstones, secret, given)

    def mentions(query: str) -> bool:
        values = [v for _k, v in urllib.parse.parse_qsl(query, keep_blank_values=True)]
        return any(next(matcher.contacts(value), None) is not None for value in values)

    return mentions


def redactor(
    tombstones: Tombstones, secret: bytes, given: tuple[str, str] | None = None
) -> Callable[[str], str]:
    """A function that replaces, in a text, every e-mail, phone, LinkedIn profile or name
    of the people erased by "[erased]"; a URL query string is redacted value by value."""
    matcher = _Matcher(tombstones, secret, given)

    def text(value: str) -> str:
        spans = sorted([*matcher.contacts(value), *matcher.names(value)])
        if not spans:
            return value
        out, end = [], 0
        for a, b in spans:
            if a >= end:
                out.append(value[end:a] + ERASED_MARK)
            end = max(end, b)
        return "".join(out) + value[end:]

    def redact(value: str) -> str:
        if "=" in value and not any(c.isspace() for c in value):  # a URL query string
            pairs = urllib.parse.parse_qsl(value, keep_blank_values=True)
            if pairs:
                done = [(k, text(v)) for k, v in pairs]
                return urllib.parse.urlencode(done) if done != pairs else value
        return text(value)

    return redact


def redact_values(data: object, redact: Callable[[str], str]) -> object:
    """`data` (JSON-like: dicts, lists, strings, numbers) with every string redacted."""
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, list):
        return [redact_values(v, redact) for v in data]
    if isinstance(data, dict):
        return {k: redact_values(v, redact) for k, v in data.items()}
    return data


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Where a run of digits and separators may end, longest first: at its end and before
    each separator that follows a digit (the number may be followed by other digits)."""
    cuts = [end]
    for i in range(end - 1, start, -1):
        if text[i - 1].isdigit() and not text[i].isdigit():
            cuts.append(i)
    return cuts


def _national(text: str, e164: str) -> Iterator[Span]:
    """The phone `e164` written without its country code (with a national 0 or none)."""
    digits = e164.removeprefix("+")
    for m in _NATIONAL_PHONE.finditer(text):
        for end in _cuts(text, *m.span()):
            run = re.sub(r"\D", "", text[m.start() : end])
            national = run.lstrip("0")
            if run == digits or (len(national) >= 7 and digits.endswith(national)):
                yield m.start(), end
                break


def _orders(name: str) -> tuple[str, ...]:
    """A name as written and turned round, as written surname first: what precedes the
    comma goes last ("van Quinlan, Jane"), else the first word ("Quinlan Jane")."""
    surname, comma, given = name.partition(",")
    if not comma:
        surname, *rest = name.split(None, 1)
        given = rest[0] if rest else ""
    if not given.strip() or not surname.strip():
        return (name,)
    return name, f"{given} {surname}"


def _trimmed(text: str, a: int, b: int) -> Span:
    """The span without quotes or brackets before it and without punctuation or a
    possessive 's after it ("(Jane Quinlan's," -> the name)."""
    lead = _LEADING.match(text, a, b)
    start = lead.end() if lead else a
    trail = _TRAILING.search(text[start:b])
    return start, start + (trail.start() if trail else b - start)
