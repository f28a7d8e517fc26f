"""Mapping profiles (TOML): which source header feeds which canonical field.

A profile may name one header or a list of headers for a field; the first non-empty
value (after the profile's value map) wins, so "Currency" = "Other" can fall through
to "Currency - other". Without a profile the built-in default matches common header
spellings from etl.canonical.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from etl import canonical, settings

# Fields a profile may map that are not stored as such (comp is parsed into comp_*).
MAPPABLE_EXTRA = ("comp",)


class ProfileError(Exception):
    """The profile is unusable with this file; nothing was loaded."""


@dataclass
class Profile:
    name: str
    columns: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    source: Path | None = None

    @property
    def is_default(self) -> bool:
        return self.name == "default" and not self.columns


def header_key(text: str) -> str:
    """Headers match trimmed, case-insensitive, ignoring punctuation and spacing."""
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def default_profile() -> Profile:
    return Profile(name="default")


def list_profiles() -> list[str]:
    if not settings.PROFILES_DIR.exists():
        return []
    return sorted(p.stem for p in settings.PROFILES_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path | None) -> Profile:
    """A profile by name (data/profiles/NAME.toml), by path, or the built-in default."""
    if name_or_path is None or str(name_or_path) in ("", "default", "auto"):
        return default_profile()
    candidate = Path(name_or_path)
    if not candidate.suffix:
        candidate = settings.PROFILES_DIR / f"{name_or_path}.toml"
    if not candidate.exists():
        known = ", ".join(list_profiles()) or "none"
        raise ProfileError(f"profile '{name_or_path}' not found (known profiles: {known})")
    if not candidate.is_file():  # a folder, a FIFO (would block) or a device (endless)
        raise ProfileError(f"profile {candidate.name}: not a regular file")
    if candidate.stat().st_size > PROFILE_MAX_BYTES:
        raise ProfileError(
            f"profile {candidate.name}: larger than {PROFILE_MAX_BYTES // 1024 // 1024} MB"
        )
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {candidate.name}: invalid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {candidate.name}: cannot be read: {exc}") from exc
    return parse_profile(data, candidate)


PROFILE_MAX_BYTES = 4 << 20  # a mapping with value tables is kilobytes
SECTIONS = ("profile", "columns", "values", "defaults")
PROFILE_KEYS = ("name", "date_format")


def _reads_dates(date_format: str) -> bool:
    """Whether DuckDB's strptime (which parses the dates) accepts the format."""
    import duckdb

    if "%" not in date_format:
        return False
    try:
        duckdb.connect().execute("SELECT try_strptime('2024-01-02', ?)", [date_format]).fetchall()
    except duckdb.Error:
        return False
    return True


def _kind(value: object) -> str:
    names = {str: "a string", int: "a number", float: "a number", bool: "true/false"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def parse_profile(data: dict, source: Path | None = None) -> Profile:
    """A profile from parsed TOML, checked before anything loads: every section, key and
    value shape is validated, and ProfileError names the first one that is wrong."""
    where = source.name if source else "profile"

    def bad(key: str, problem: str) -> ProfileError:
        return ProfileError(f"{where}: {key} {problem}")

    unknown_sections = [k for k in data if k not in SECTIONS]
    if unknown_sections:
        raise bad(
            f"'{unknown_sections[0]}'",
            f"is not a section of a profile (sections: {', '.join(SECTIONS)})",
        )
    for section in SECTIONS:
        if section in data and not isinstance(data[section], dict):
            raise bad(f"[{section}]", f"must be a table, not {_kind(data[section])}")
    meta = data.get("profile", {})
    for key, value in meta.items():
        if key not in PROFILE_KEYS:
            raise bad(f"[profile] {key}", f"is not a profile setting ({', '.join(PROFILE_KEYS)})")
        if not isinstance(value, str) or not value.strip():
            raise bad(f"[profile] {key}", f"must be a non-empty string, not {_kind(value)}")
    date_format = meta.get("date_format")
    if date_format is not None and not _reads_dates(date_format):
        raise bad("[profile] date_format", "must be a strptime format such as '%d/%m/%Y'")
    known = set(canonical.all_fields()) | set(MAPPABLE_EXTRA)

    def field(section: str, name: str) -> str:
        if name not in known:
            raise bad(
                f"[{section}] {name}",
                f"is not a canonical field (known: {', '.join(sorted(canonical.all_fields()))})",
            )
        return name

    columns: dict[str, list[str]] = {}
    for name, headers in data.get("columns", {}).items():
        field("columns", name)
        if isinstance(headers, str):
            headers = [headers]
        if (
            not isinstance(headers, list)
            or not headers
            or not all(isinstance(h, str) and h.strip() for h in headers)
        ):
            raise bad(f"[columns] {name}", "must be a header or a list of headers")
        columns[name] = headers
    values: dict[str, dict[str, str]] = {}
    for name, table in data.get("values", {}).items():
        field("values", name)
        if not isinstance(table, dict):
            raise bad(
                f"[values.{name}]", f"must be a table of source value = value, not {_kind(table)}"
            )
        for src, dst in table.items():
            if not isinstance(dst, str):
                raise bad(f"[values.{name}] {src!r}", f"must map to a string, not {_kind(dst)}")
        values[name] = {str(src): dst for src, dst in table.items()}
    defaults: dict[str, str] = {}
    for name, value in data.get("defaults", {}).items():
        field("defaults", name)
        if isinstance(value, dict | list) or value is None:
            raise bad(f"[defaults] {name}", f"must be a single value, not {_kind(value)}")
        defaults[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return Profile(
        name=str(meta.get("name") or (source.stem if source else "custom")),
        columns=columns,
        values=values,
        defaults=defaults,
        date_format=date_format,
        source=source,
    )


def resolve_columns(profile: Profile, headers: list[str], file_name: str) -> dict[str, list[int]]:
    """canonical field -> indexes of the source columns that feed it, in priority order.

    An explicit profile must find every header it names; the built-in default maps what it
    recognises. Raises ProfileError listing the headers the file does have.
    """
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_key.setdefault(header_key(header), index)
    mapping: dict[str, list[int]] = {}
    missing: list[str] = []
    for canonical_name, wanted in profile.columns.items():
        indexes: list[int] = []
        for header in wanted:
            found = by_key.get(header_key(header))
            if found is None:
                missing.append(f"{canonical_name} = '{header}'")
            else:
                indexes.append(found)
        if indexes:
            mapping[canonical_name] = indexes
    if missing:
        raise ProfileError(
            f"{file_name}: profile '{profile.name}' names header(s) not in the file: "
            f"{'; '.join(missing)}. The file's headers are: {', '.join(repr(h) for h in headers)}"
        )
    if not profile.columns:
        taken = set()
        for name, spec in canonical.all_fields().items():
            for spelling in (name, name.replace("_", " "), *spec.synonyms):
                hit = by_key.get(header_key(spelling))
                if hit is not None and hit not in taken:
                    mapping[name] = [hit]
                    taken.add(hit)
                    break
    for required in canonical.REQUIRED:
        if required not in mapping and required not in profile.defaults:
            raise ProfileError(
                f"{file_name}: no column for required field '{required}' "
                f"(profile '{profile.name}'). The file's headers are: {', '.join(repr(h) for h in headers)}"
            )
    return mapping


def profile_to_toml(profile: Profile) -> str:
    """Serialise a profile in the DESIGN format (for the import page's 'save as')."""

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["[profile]", f"name = {q(profile.name)}"]
    if profile.date_format:
        lines.append(f"date_format = {q(profile.date_format)}")
    lines += ["", "[columns]"]
    for name, headers in profile.columns.items():
        value = q(headers[0]) if len(headers) == 1 else "[" + ", ".join(q(h) for h in headers) + "]"
        lines.append(f"{name} = {value}")
    for name, table in profile.values.items():
        lines += ["", f"[values.{name}]"]
        lines += [f"{q(src)} = {q(dst)}" for src, dst in table.items()]
    if profile.defaults:
        lines += ["", "[defaults]"]
        lines += [f"{name} = {q(value)}" for name, value in profile.defaults.items()]
    return "\n".join(lines) + "\n"


def save_profile(profile: Profile, directory: Path | None = None) -> Path:
    slug = re.sub(r"[^a-z0-9_-]+", "-", profile.name.lower()).strip("-") or "profile"
    target = (directory or settings.PROFILES_DIR) / f"{slug}.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = profile_to_toml(profile)
    parse_profile(tomllib.loads(text), target)
    target.write_text(text, encoding="utf-8")
    return target


def detect_profile(headers: list[str]) -> Profile:
    """The saved profile whose headers all appear in the file (most specific first), else default."""
    keys = {header_key(h) for h in headers}
    best: tuple[int, Profile] | None = None
    for name in list_profiles():
        try:
            profile = load_profile(name)
        except ProfileError:
            continue
        wanted = [header_key(h) for hs in profile.columns.values() for h in hs]
        if wanted and all(w in keys for w in wanted) and (best is None or len(wanted) > best[0]):
            best = (len(wanted), profile)
    return best[1] if best else default_profile()
