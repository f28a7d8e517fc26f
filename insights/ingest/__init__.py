"""Imports from the Data page: a thin layer between pages/data.py and the ETL.

Pages never import `etl`; they call this package, which calls `etl.load.run_load` (the
ETL's own code path: it builds the next warehouse version and publishes it atomically).

    with stage(uploads, max_mb=200) as files:          # private temp dir, deleted after
        summary = dry_run(files, profile)              # counts only, nothing published
        summary = load(files, profile, progress=cb)    # publishes a new version
"""

from insights.ingest.mapping import (
    NOT_MAPPED,
    MappingPreview,
    Profile,
    ProfileError,
    edited_profile,
    field_options,
    headers_of,
    preview,
    profile_names,
    resolve_profile,
    save_as,
)
from insights.ingest.run import (
    LoadError,
    LoadSummary,
    counts_frame,
    dry_run,
    load,
    rejected_frame,
    run_uploads,
    warnings_frame,
)
from insights.ingest.uploads import SUFFIXES, Staged, Upload, UploadError, check, stage

__all__ = [
    "NOT_MAPPED",
    "SUFFIXES",
    "LoadError",
    "LoadSummary",
    "MappingPreview",
    "Profile",
    "ProfileError",
    "Staged",
    "Upload",
    "UploadError",
    "check",
    "counts_frame",
    "dry_run",
    "edited_profile",
    "field_options",
    "headers_of",
    "load",
    "preview",
    "profile_names",
    "rejected_frame",
    "resolve_profile",
    "run_uploads",
    "save_as",
    "stage",
    "warnings_frame",
]
