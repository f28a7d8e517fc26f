"""Who a row is about, as identifiers that reveal nothing without the installation's secret.

A candidate is identified by the normalised e-mail, else the E.164 phone, else the LinkedIn
profile (DESIGN section 2). Their `candidate_id` is an HMAC-SHA256 of that identity keyed
with the installation secret (etl.secret), so someone who guesses an e-mail cannot confirm
an id seen in a URL, a shortlist or the audit trail:

    candidate_id("email", "Jane@Example.com ", secret)  -> 'c_' + 24 hex characters
    legacy_id("email", "jane@example.com")             -> 'c_' + 16 hex (schema <= 3: md5)
    tombstone_key("phone", "+49 30 1234567", secret)    -> the key an erasure keeps

The recipe is a stored contract (warehouse schema 4): the loader computes the same values
in SQL (`install` + the *_sql helpers below), and `legacy_id` maps what older warehouses,
workspaces and audit entries hold onto the new ids. An identified interview's id is an md5
of its candidate id, date, interviewer and role, so it follows the keyed candidate id.
An erased interview (etl.erasure) keeps its responses under ids keyed from its former ids.
"""

from __future__ import annotations

import hashlib
import re

import duckdb

from etl.secret import keyed

KINDS = ("email", "phone", "linkedin")
CANDIDATE = "candidate"  # purposes of the keyed digests (etl.secret.keyed)
TOMBSTONE = "tombstone"
ERASED_INTERVIEW = "erased-interview"
ERASED_VERSION = "erased-version"
ID_HEX = 24  # hex characters of a keyed candidate id (96 bits); legacy ids had 16

LINKEDIN_PREFIX = "https://www.linkedin.com/in/"
# The loader's e-mail pattern (etl.normalize.EMAIL_PATTERN), full match on lower case.
EMAIL_PATTERN = re.compile(
    r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}"
)
_E164 = re.compile(r"\+[1-9]\d{7,14}")
_LINKEDIN_IN_URL = re.compile(r"linkedin\.com/(?:in|pub)/([^/?#\s]+)")
_LINKEDIN_SLUG = re.compile(r"(in/)?[a-z0-9][a-z0-9_%-]{2,99}/?")
_LEGACY = re.compile(r"c_[0-9a-f]{16}")


class IdentityError(ValueError):
    """A value that is not an e-mail / international phone / LinkedIn profile."""


def normalise(kind: str, value: str) -> str:
    """The identity as the loader stores and hashes it: an e-mail lower-cased (a
    `Name <a@b>` or `mailto:` form unwrapped), a phone in E.164 (`+` and digits; `00`
    read as `+`), a LinkedIn profile as its lower-case slug (from a URL or the slug)."""
    text = (value or "").strip()
    if kind == "email":
        if "<" in text:
            match = re.search(r"<([^>]+)>", text)
            text = match.group(1) if match else text
        text = re.sub(r"^\s*mailto:\s*", "", text.lower()).strip()
        if not EMAIL_PATTERN.fullmatch(text):
            raise IdentityError(f"not a valid e-mail address: {value!r}")
        return text
    if kind == "phone":
        digits = re.sub(r"[^0-9+]", "", text)
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        elif digits.startswith("+"):
            digits = "+" + digits.replace("+", "")
        if not _E164.fullmatch(digits):
            raise IdentityError(
                f"give the phone in international form, e.g. +49 30 1234567 (not {value!r})"
            )
        return digits
    if kind == "name":  # only for tombstones: a referral naming an erased person
        folded = " ".join(text.split()).lower()
        if len(folded) < 2:
            raise IdentityError(f"not a name: {value!r}")
        return folded
    if kind == "linkedin":
        lower = text.lower()
        found = _LINKEDIN_IN_URL.search(lower)
        if found:
            slug = found.group(1).rstrip("/")
        elif _LINKEDIN_SLUG.fullmatch(lower):
            slug = re.sub(r"^in/", "", lower).rstrip("/")
        else:
            raise IdentityError(f"not a LinkedIn profile URL: {value!r}")
        if not slug:
            raise IdentityError(f"not a LinkedIn profile URL: {value!r}")
        return slug
    raise IdentityError(f"unknown identity kind {kind!r}: use one of {', '.join(KINDS)}")


def stored_value(kind: str, value: str) -> str:
    """The identity as the warehouse column holds it (interviews.email / phone /
    linkedin_url): the normalised value, a LinkedIn slug as its profile URL."""
    canonical = normalise(kind, value)
    return LINKEDIN_PREFIX + canonical if kind == "linkedin" else canonical


def candidate_id(kind: str, value: str, secret: bytes) -> str:
    """The keyed candidate id of an identity (warehouse schema 4 on)."""
    return "c_" + keyed(f"{kind}:{normalise(kind, value)}", secret, CANDIDATE)[:ID_HEX]


def legacy_id(kind: str, value: str) -> str:
    """The candidate id the same identity had in warehouse schema 1-3
    (`'c_' + md5(kind:value)[:16]`): to migrate what workspaces and audit entries hold."""
    digest = hashlib.md5(f"{kind}:{normalise(kind, value)}".encode()).hexdigest()
    return "c_" + digest[:16]


def legacy_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{old-recipe id: keyed id} of every identified candidate of a (schema 4) warehouse,
    from the identities its interviews store: what a migration of workspaces, shortlists
    and audit entries keyed by old ids needs."""
    legacy = (
        "'c_' || substr(md5(CASE WHEN email IS NOT NULL THEN 'email:' || email "
        "WHEN phone IS NOT NULL THEN 'phone:' || phone "
        f"ELSE 'linkedin:' || {slug_sql('linkedin_url')} END), 1, 16)"
    )
    rows = con.execute(
        f"""SELECT DISTINCT {legacy}, candidate_id FROM interviews
            WHERE candidate_id IS NOT NULL"""
    ).fetchall()
    return {str(old): str(new) for old, new in rows}


def is_legacy_id(value: str) -> bool:
    """True for an id of the old recipe (`c_` + 16 hex); keyed ids have 24."""
    return bool(_LEGACY.fullmatch(value or ""))


def tombstone_key(kind: str, value: str, secret: bytes) -> str:
    """The key an erasure or retention run keeps for an identity (state table tombstones):
    a load anonymises every row carrying an identity whose key it is given."""
    return keyed(f"{kind}:{normalise(kind, value)}", secret, TOMBSTONE)


def erased_interview_id(interview_id: str, secret: bytes) -> str:
    """The id an erased interview keeps (an anonymous response's `a_` form)."""
    return "a_" + keyed(interview_id, secret, ERASED_INTERVIEW)[:16]


def erased_content_hash(interview_id: str, content_hash: str, secret: bytes) -> str:
    """The version hash an erased interview's version keeps: a reload of the row it came
    from computes the same one and counts as a duplicate."""
    return keyed(f"{interview_id}:{content_hash}", secret, ERASED_VERSION)


# ------------------------------------------------------------------ the same in SQL


def install(con: duckdb.DuckDBPyConnection, secret: bytes) -> None:
    """Temp macro `keyed(value, purpose)` = etl.secret.keyed (HMAC-SHA256, 32 hex) in SQL:
    sha256(key^opad || sha256(key^ipad || purpose 0x1f value)). The pads live in this
    connection's temp catalog only (never in the warehouse file)."""
    key = hashlib.sha256(secret).digest() if len(secret) > 64 else secret
    key = key.ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in key).hex()
    opad = bytes(b ^ 0x5C for b in key).hex()
    con.execute(
        f"""CREATE OR REPLACE TEMP MACRO keyed(v, purpose) AS
            substr(sha256(unhex('{opad}') || unhex(sha256(unhex('{ipad}')
                   || encode(purpose || chr(31) || v)))), 1, 32)"""
    )


def candidate_id_sql(email: str, phone: str, linkedin_slug: str) -> str:
    """SQL for the keyed candidate id from a row's normalised e-mail, E.164 phone and
    LinkedIn slug (column expressions); NULL for an anonymous row."""
    return (
        f"CASE WHEN {email} IS NOT NULL THEN 'c_' || substr(keyed('email:' || {email}, '{CANDIDATE}'), 1, {ID_HEX}) "
        f"WHEN {phone} IS NOT NULL THEN 'c_' || substr(keyed('phone:' || {phone}, '{CANDIDATE}'), 1, {ID_HEX}) "
        f"WHEN {linkedin_slug} IS NOT NULL AND {linkedin_slug} <> '' "
        f"THEN 'c_' || substr(keyed('linkedin:' || {linkedin_slug}, '{CANDIDATE}'), 1, {ID_HEX}) END"
    )


def slug_sql(linkedin_url: str) -> str:
    """The LinkedIn slug of a stored profile URL (interviews.linkedin_url)."""
    return f"CASE WHEN starts_with({linkedin_url}, '{LINKEDIN_PREFIX}') THEN substr({linkedin_url}, {len(LINKEDIN_PREFIX) + 1}) END"


def interview_id_sql(candidate: str, date: str, interviewer: str, role: str) -> str:
    """An identified interview's id: the same candidate, date, interviewer and role."""
    return (
        f"'i_' || substr(md5(concat_ws('|', {candidate}, CAST({date} AS VARCHAR), "
        f"lower(coalesce({interviewer}, '')), lower({role}))), 1, 16)"
    )


def erased_interview_id_sql(interview_id: str) -> str:
    return f"'a_' || substr(keyed({interview_id}, '{ERASED_INTERVIEW}'), 1, 16)"


def erased_content_hash_sql(interview_id: str, content_hash: str) -> str:
    return f"keyed({interview_id} || ':' || {content_hash}, '{ERASED_VERSION}')"


def tombstone_sql(kind: str, value: str) -> str:
    """SQL for the tombstone key of a normalised identity value (a column expression)."""
    return f"keyed('{kind}:' || {value}, '{TOMBSTONE}')"


def check_value(secret: bytes) -> str:
    """What warehouse_info.secret_check holds: a digest that tells whether a load uses the
    secret the warehouse's ids were keyed with (it reveals nothing about the secret)."""
    return keyed("warehouse", secret, "secret-check")
