"""The header -> canonical field mapping: preview it, edit it, save it as a named profile.

The preview uses the ETL's own rules (etl.profiles.resolve_columns and detect_profile),
so what it shows is what the load will do.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import canonical
from etl.profiles import (
    MAPPABLE_EXTRA,
    Profile,
    ProfileError,
    detect_profile,
    list_profiles,
    load_profile,
    resolve_columns,
    save_profile,
)
from insights.ingest import isolated
from insights.ingest.uploads import Staged

NOT_MAPPED = "(not mapped: kept in extra)"
AUTO = "auto"

__all__ = ["NOT_MAPPED", "MappingPreview", "Profile", "ProfileError"]


@dataclass(frozen=True)
class MappingPreview:
    """How one file's headers map: `frame` has columns `source_header`, `field`."""

    file: str
    profile: Profile
    frame: pd.DataFrame
    missing_required: tuple[str, ...] = ()
    error: str | None = None


def field_options() -> list[str]:
    """Every canonical field a header may feed, canonical order, NOT_MAPPED first."""
    fields = list(canonical.all_fields())
    return [NOT_MAPPED, *fields[:8], *MAPPABLE_EXTRA, *fields[8:]]


def profile_names() -> list[str]:
    return list_profiles()


def resolve_profile(name: str | None) -> Profile:
    """A saved profile by name; None or 'auto' = detect per file (the built-in default)."""
    return load_profile(None if name in (None, "", AUTO) else name)


def headers_of(staged: Staged, sheet: str | None = None) -> list[list[str]]:
    """The header row of each staged file, read in a child process (a hostile file ends that
    child, not the server); UploadError names a file that cannot be read."""
    return isolated.headers(staged, sheet)


def preview(headers: Sequence[str], profile: Profile, file: str) -> MappingPreview:
    """The mapping the load would apply to a file with these headers.

    With the default profile a saved profile whose headers all appear is picked (as the
    ETL does); a header used by no field is NOT_MAPPED (its values go to `extra`).
    """
    used = detect_profile(list(headers)) if profile.is_default else profile
    lenient = dataclasses.replace(
        used, defaults={**{r: "" for r in canonical.REQUIRED}, **used.defaults}
    )
    fields = [NOT_MAPPED] * len(headers)
    error = None
    try:
        for name, indexes in resolve_columns(lenient, list(headers), file).items():
            for index in indexes:
                fields[index] = name
    except ProfileError as exc:
        error = str(exc)
    missing = tuple(r for r in canonical.REQUIRED if r not in fields and r not in used.defaults)
    frame = pd.DataFrame({"source_header": list(headers), "field": fields})
    return MappingPreview(file, used, frame, missing, error)


def edited_profile(base: MappingPreview, fields: Sequence[str]) -> Profile:
    """The profile a (possibly edited) mapping describes; `base.profile` when unchanged.

    A field chosen for several headers takes the first non-empty value, top to bottom.
    Raises ProfileError when a required field has no header.
    """
    chosen = [str(f) if f else NOT_MAPPED for f in fields]
    if chosen == list(base.frame["field"]):
        return base.profile
    columns: dict[str, list[str]] = {}
    for header, name in zip(base.frame["source_header"], chosen, strict=True):
        if name != NOT_MAPPED:
            columns.setdefault(name, []).append(str(header))
    missing = [r for r in canonical.REQUIRED if r not in columns and r not in base.profile.defaults]
    if missing:
        raise ProfileError(
            f"Choose a source column for the required field(s): {', '.join(missing)}."
        )
    return dataclasses.replace(
        base.profile, name=f"{base.profile.name} (edited)", columns=columns, source=None
    )


def save_as(
    profile: Profile, name: str, *, overwrite: bool = False, directory: Path | None = None
) -> Path:
    """Save `profile` as data/profiles/<name>.toml (ProfileError if the name is taken)."""
    clean = name.strip()
    if not clean:
        raise ProfileError("Give the profile a name.")
    if clean.lower() in ("default", AUTO):
        raise ProfileError(f"'{clean}' is reserved; choose another name.")
    if not profile.columns:
        raise ProfileError("This mapping is the built-in default; there is nothing to save.")
    named = dataclasses.replace(profile, name=clean, source=None)
    slug = re.sub(r"[^a-z0-9_-]+", "-", clean.lower()).strip("-") or "profile"
    taken = list_profiles() if directory is None else [p.stem for p in directory.glob("*.toml")]
    if slug in taken and not overwrite:
        raise ProfileError(f"A profile named '{slug}' already exists; choose another name.")
    return save_profile(named, directory=directory)
