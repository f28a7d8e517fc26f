"""Where candidates are in their careers: stages, seniority, years, current titles, employers."""

from __future__ import annotations

import numpy as np

from etl import canonical

STAGES = ("student", "early_career", "mid_career", "senior", "career_changer")
STAGE_WEIGHTS = (0.15, 0.28, 0.27, 0.15, 0.15)
STAGE_LABELS = ("Student", "Early career", "Mid career", "Senior", "Career changer")
SENIORITY = canonical.SENIORITY
SENIORITY_BY_STAGE = np.array(
    [
        [0.55, 0.45, 0, 0, 0, 0, 0, 0],
        [0, 0.55, 0.42, 0.03, 0, 0, 0, 0],
        [0, 0.05, 0.45, 0.38, 0.07, 0.05, 0, 0],
        [0, 0, 0.03, 0.35, 0.25, 0.2, 0.13, 0.04],
        [0.05, 0.55, 0.35, 0.05, 0, 0, 0, 0],
    ]
)
YEARS_BY_STAGE = ((0, 1), (1, 4), (4, 11), (10, 25), (3, 15))
CHANGER_TITLES = [
    "Teacher",
    "Registered Nurse",
    "Accountant",
    "Journalist",
    "Lab Technician",
    "Retail Store Manager",
    "Paralegal",
    "Chemist",
    "Civil Engineer",
    "Social Worker",
    "Army Officer",
    "Barista",
    "Librarian",
    "Physiotherapist",
]
STUDENT_TITLES = [
    "Student",
    "MSc Student",
    "BSc Student",
    "PhD Candidate",
    "Bootcamp Participant",
    "Working Student",
]
EMPLOYERS = [
    "Globex",
    "Initech",
    "Umbrella Analytics",
    "Stark Logistics",
    "Acme Corp",
    "Hooli",
    "Vandelay Industries",
    "Wayne Enterprises",
    "Cyberdyne Systems",
    "Soylent Foods",
    "Massive Dynamic",
    "Tyrell Systems",
    "Oceanic Airlines",
    "Dunder Mifflin",
    "Pied Piper",
    "Nakatomi Trading",
    "Blue Sun Corp",
    "Wonka Industries",
    "Gringotts Bank",
    "Monarch Health",
]
UNIVERSITIES = {
    "US": "UC Berkeley",
    "DE": "TU Berlin",
    "GB": "University of Manchester",
    "NL": "TU Delft",
    "CA": "University of Toronto",
    "FR": "Sorbonne Université",
    "IN": "IIT Bombay",
    "ES": "Universidad Complutense de Madrid",
    "AU": "University of Melbourne",
}
