"""The answer vocabulary: benefits, tags, notes, pool statuses, formats, sources, arrangements."""

from __future__ import annotations

import numpy as np

BENEFIT_LABELS = [
    "Health",
    "Retirement",
    "Equity",
    "PTO",
    "Parental leave",
    "Learning budget",
    "Remote stipend",
    "Wellness",
    "Other",
]
BENEFITS_BY_STAGE = np.array(
    [
        [0.35, 0.05, 0.15, 0.30, 0.03, 0.75, 0.45, 0.35, 0.03],
        [0.50, 0.20, 0.25, 0.45, 0.10, 0.60, 0.35, 0.30, 0.03],
        [0.65, 0.45, 0.30, 0.50, 0.45, 0.25, 0.25, 0.25, 0.03],
        [0.60, 0.65, 0.60, 0.45, 0.15, 0.10, 0.15, 0.20, 0.03],
        [0.55, 0.30, 0.15, 0.35, 0.25, 0.70, 0.25, 0.25, 0.03],
    ]
)
TAG_LABELS = [
    "strong-sql",
    "bootcamp",
    "returner",
    "visa-needed",
    "relocating",
    "alumni",
    "priority",
    "keep-warm",
]
NOTE_OPENINGS = [
    "Sharp questions about the team.",
    "Very prepared, had read our engineering blog.",
    "Quiet at first, opened up later.",
    "Clear about what they want next.",
    "Mostly curious about the industry.",
    "Good energy, a bit vague on goals.",
    "Asked a lot about pay transparency.",
    "Strong portfolio, shared it afterwards.",
    "Came through a colleague's referral.",
    "Currently interviewing elsewhere too.",
]
NOTE_ENDINGS = [
    "Follow up in Q1.",
    "Would fit a mid-level opening.",
    "Not ready yet; keep warm.",
    "Send the careers newsletter.",
    "Introduce to the hiring manager.",
    "Salary expectations above our band.",
    "Could join within two months.",
    "Wants hybrid with two office days.",
    "",
    "",
]
POOL_LABELS = ["New", "Prescreened", "Nurture", "Contacted", "Not a fit", "Hired", "Withdrawn"]
CREDENTIAL_LABELS = ["Verified", "Pending", "Failed", "Not checked"]
FORMAT_LABELS = ["Video", "Phone", "In person", "Group"]
SOURCE_LABELS = [
    "Referral",
    "LinkedIn",
    "Career fair",
    "Networking event",
    "Alumni",
    "Inbound",
    "Other",
]
SOURCE_BY_STAGE = np.array(
    [
        [0.08, 0.15, 0.35, 0.10, 0.20, 0.10, 0.02],
        [0.15, 0.30, 0.12, 0.12, 0.13, 0.15, 0.03],
        [0.20, 0.35, 0.02, 0.13, 0.08, 0.19, 0.03],
        [0.30, 0.30, 0.00, 0.20, 0.05, 0.12, 0.03],
        [0.18, 0.25, 0.08, 0.22, 0.05, 0.19, 0.03],
    ]
)
ARRANGEMENT_LABELS = ["Remote", "Hybrid", "On-site", "Flexible"]
