"""What candidates said: culture priorities by career stage and the questions they asked."""

from __future__ import annotations

import numpy as np

from etl import canonical
from etl.generate.arrays import _s
from etl.generate.careers import STAGES

DIMENSIONS = [f.name.removeprefix("culture_") for f in canonical.culture_fields()]
_CULTURE_SHIFT = {  # stage -> dimension -> added to a base of 3
    "student": {
        "growth": 1.3,
        "mission": 1.2,
        "innovation": 0.6,
        "stability": -0.8,
        "autonomy": -0.4,
    },
    "early_career": {
        "growth": 1.0,
        "work_life_balance": 0.3,
        "collaboration": 0.5,
        "autonomy": -0.2,
    },
    "mid_career": {"work_life_balance": 1.1, "stability": 0.5, "growth": 0.2, "inclusion": 0.3},
    "senior": {
        "autonomy": 1.3,
        "stability": 1.0,
        "mission": 0.3,
        "growth": -0.6,
        "collaboration": -0.2,
    },
    "career_changer": {
        "growth": 1.5,
        "inclusion": 0.6,
        "collaboration": 0.5,
        "stability": 0.2,
        "innovation": -0.2,
    },
}
TOPIC_LABELS = [
    "Career paths",
    "Advancement timeline",
    "Skills needed",
    "Industry future",
    "Interviewer path",
    "Compensation",
    "Culture",
    "Work conditions",
    "Other",
]
TOPICS_BY_STAGE = np.array(
    [  # probability of each topic, per stage
        [0.70, 0.15, 0.60, 0.25, 0.55, 0.10, 0.25, 0.10, 0.03],
        [0.45, 0.40, 0.40, 0.20, 0.30, 0.30, 0.30, 0.25, 0.03],
        [0.20, 0.45, 0.15, 0.25, 0.10, 0.50, 0.35, 0.45, 0.04],
        [0.10, 0.15, 0.05, 0.45, 0.10, 0.55, 0.45, 0.40, 0.05],
        [0.60, 0.20, 0.75, 0.30, 0.45, 0.25, 0.25, 0.15, 0.03],
    ]
)
QUESTIONS = [
    [
        "What does a typical career path look like from this role?",
        "Where do people in this team usually move on to?",
        "Is there a technical track as well as a management track?",
    ],
    [
        "How long does it usually take to get promoted?",
        "How are promotions decided here?",
        "What would I need to show to reach the next level within two years?",
    ],
    [
        "Which skills matter most for someone starting in this role?",
        "Would a certificate or a bootcamp be taken seriously?",
        "Which tools does the team use day to day?",
    ],
    [
        "Where do you see the industry going in the next five years?",
        "How is AI changing the work of the team?",
        "Is the market for this role still growing?",
    ],
    [
        "How did you get into this field yourself?",
        "What did you do before joining the company?",
        "What would you do differently if you started again?",
    ],
    [
        "What is the salary range for this level?",
        "How do bonuses and equity work here?",
        "How often are salaries reviewed?",
    ],
    [
        "How would you describe the team culture?",
        "How are disagreements handled in the team?",
        "What is the company doing on inclusion?",
    ],
    [
        "How many office days are expected?",
        "Are working hours flexible?",
        "Is fully remote work possible from another country?",
    ],
    [
        "Do you sponsor visas?",
        "Is there a parental leave policy beyond the legal minimum?",
        "Can I shadow the team for a day?",
    ],
]


def rate_culture(rng: np.random.Generator, col: dict[str, np.ndarray], stage: np.ndarray) -> None:
    """1-5 ratings per culture dimension, shifted by career stage; a few left blank."""
    n = len(stage)
    shift = np.array([[_CULTURE_SHIFT[s].get(d, 0.0) for d in DIMENSIONS] for s in STAGES])
    ratings = np.clip(
        np.round(3 + shift[stage] + rng.normal(0, 0.8, (n, len(DIMENSIONS)))), 1, 5
    ).astype(np.int64)
    skip = rng.random(n) < 0.04
    for d_i, d in enumerate(DIMENSIONS):
        col[f"culture_{d}"] = np.where(skip | (rng.random(n) < 0.02), "", _s(ratings[:, d_i]))


def ask(rng: np.random.Generator, col: dict[str, np.ndarray], stage: np.ndarray) -> None:
    """Question topics (at least one, by stage) and one or two questions in their words."""
    n = len(stage)
    topic_p = TOPICS_BY_STAGE[stage]
    hit = rng.random(topic_p.shape) < topic_p
    none = ~hit.any(axis=1)
    hit[none, np.argmax(topic_p[none], axis=1)] = True
    mask = hit.astype(np.int64) @ (1 << np.arange(len(TOPIC_LABELS)))
    table = np.array(
        [
            ", ".join(lab for b, lab in enumerate(TOPIC_LABELS) if m >> b & 1)
            for m in range(1 << len(TOPIC_LABELS))
        ],
        dtype=object,
    )
    col["question_topics"] = table[mask]
    first_topic = np.argmax(hit, axis=1)
    last_topic = len(TOPIC_LABELS) - 1 - np.argmax(hit[:, ::-1], axis=1)
    qflat = np.array([q for qs in QUESTIONS for q in qs], dtype=object)
    q1 = qflat[first_topic * 3 + rng.integers(0, 3, n)]
    q2 = qflat[last_topic * 3 + rng.integers(0, 3, n)]
    col["questions_text"] = np.where(
        rng.random(n) < 0.1,
        "",
        np.where((last_topic != first_topic) & (rng.random(n) < 0.6), q1 + " " + q2, q1),
    )
