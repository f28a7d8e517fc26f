"""Realistic, seeded synthetic exports of an exploratory-interview feedback form.

`generate_frames(rows, seed, messy)` builds the rows (one DataFrame of text cells, headed by
the first header spelling of each canonical field); `generate(out_dir, ...)` writes them as
CSV, XLSX or JSON files named `interviews-<seed>-<i>.<ext>`. Everything is vectorised with
numpy so a million rows take seconds. The rows tell a story on purpose: pay rises ~3.5 % a
year, remote preference falls while hybrid rises, culture priorities and questions differ by
career stage, skills follow the role family, ~15 % of candidates come back with higher
expectations. `messy` (0-1) adds the hostile inputs an ETL must survive: header variants,
junk pay text, bad dates and ratings, unknown currencies, garbage e-mails, exact duplicates
and re-exported edited rows. messy=0 yields only valid rows.

Example: `generate(Path("/tmp/x"), rows=100_000, seed=1, fmt="csv", messy=0.05, files=4)`.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from etl import canonical

DEFAULT_END = date(2026, 11, 20)  # fixed so output never depends on the day it runs
SPAN_DAYS = 900  # ~2.5 years of interviews
EXTRA_COLUMNS = ("Form version", "Internal ref")  # not canonical: the ETL keeps them in `extra`
_SKIPPED = ("comp_min", "comp_max")  # pay is written as free text plus currency and period

HEADERS: dict[str, str] = {
    **{f.name: f.synonyms[0] for f in canonical.FIELDS if f.name not in _SKIPPED},
    **{f.name: f.synonyms[0] for f in canonical.culture_fields()},
}
NUMERIC_FIELDS = (
    "duration_min",
    "office_days",
    "expected_years_to_promotion",
    "years_experience",
    "fit_score",
    "interest_level",
    *(f.name for f in canonical.culture_fields()),
)

# --- places, currencies, pay ------------------------------------------------------------
# country: (weight, currency, symbol, mid software-engineer pay per year in 2024 (local),
#           name set, [(city, region), ...])
COUNTRIES: dict[str, tuple] = {
    "US": (
        0.33,
        "USD",
        "$",
        135_000,
        "en",
        [
            ("San Francisco", "California"),
            ("New York", "New York"),
            ("Austin", "Texas"),
            ("Seattle", "Washington"),
            ("Chicago", "Illinois"),
            ("Boston", "Massachusetts"),
            ("Denver", "Colorado"),
            ("Atlanta", "Georgia"),
        ],
    ),
    "DE": (
        0.16,
        "EUR",
        "€",
        68_000,
        "de",
        [
            ("Berlin", "Berlin"),
            ("Munich", "Bavaria"),
            ("Hamburg", "Hamburg"),
            ("Frankfurt", "Hesse"),
            ("Cologne", "North Rhine-Westphalia"),
            ("Stuttgart", "Baden-Württemberg"),
            ("Leipzig", "Saxony"),
        ],
    ),
    "GB": (
        0.13,
        "GBP",
        "£",
        62_000,
        "en",
        [
            ("London", "England"),
            ("Manchester", "England"),
            ("Edinburgh", "Scotland"),
            ("Bristol", "England"),
            ("Leeds", "England"),
            ("Cardiff", "Wales"),
            ("Belfast", "Northern Ireland"),
        ],
    ),
    "NL": (
        0.08,
        "EUR",
        "€",
        64_000,
        "nl",
        [
            ("Amsterdam", "North Holland"),
            ("Rotterdam", "South Holland"),
            ("Utrecht", "Utrecht"),
            ("Eindhoven", "North Brabant"),
            ("The Hague", "South Holland"),
        ],
    ),
    "CA": (
        0.07,
        "CAD",
        "$",
        105_000,
        "en",
        [
            ("Toronto", "Ontario"),
            ("Vancouver", "British Columbia"),
            ("Montreal", "Quebec"),
            ("Calgary", "Alberta"),
            ("Ottawa", "Ontario"),
        ],
    ),
    "FR": (
        0.06,
        "EUR",
        "€",
        52_000,
        "fr",
        [
            ("Paris", "Île-de-France"),
            ("Lyon", "Auvergne-Rhône-Alpes"),
            ("Toulouse", "Occitanie"),
            ("Nantes", "Pays de la Loire"),
            ("Bordeaux", "Nouvelle-Aquitaine"),
        ],
    ),
    "IN": (
        0.07,
        "INR",
        "₹",
        1_600_000,
        "in",
        [
            ("Bengaluru", "Karnataka"),
            ("Hyderabad", "Telangana"),
            ("Pune", "Maharashtra"),
            ("Mumbai", "Maharashtra"),
            ("Chennai", "Tamil Nadu"),
            ("Gurugram", "Haryana"),
        ],
    ),
    "ES": (
        0.05,
        "EUR",
        "€",
        42_000,
        "es",
        [
            ("Madrid", "Community of Madrid"),
            ("Barcelona", "Catalonia"),
            ("Valencia", "Valencian Community"),
            ("Seville", "Andalusia"),
            ("Málaga", "Andalusia"),
        ],
    ),
    "AU": (
        0.05,
        "AUD",
        "$",
        120_000,
        "en",
        [
            ("Sydney", "New South Wales"),
            ("Melbourne", "Victoria"),
            ("Brisbane", "Queensland"),
            ("Perth", "Western Australia"),
            ("Adelaide", "South Australia"),
        ],
    ),
}
_CC = list(COUNTRIES)
_AREA = {  # first phone digits per country and city index (US/CA area codes, mobile prefixes elsewhere)
    "US": ["415", "212", "512", "206", "312", "617", "303", "404"],
    "CA": ["416", "604", "514", "403", "613"],
    "DE": ["151", "152", "157", "160", "170", "171", "176"],
    "GB": ["7911", "7700", "7400", "7500", "7723", "7812", "7956"],
    "NL": ["6"],
    "FR": ["6", "7"],
    "IN": ["98", "97", "99", "90", "88", "70"],
    "ES": ["6", "7"],
    "AU": ["4"],
}
TREND = 0.035  # yearly pay drift
SENIORITY_PAY = {
    "intern": 0.35,
    "junior": 0.72,
    "mid": 1.0,
    "senior": 1.3,
    "lead": 1.5,
    "manager": 1.55,
    "director": 2.0,
    "executive": 2.6,
}

# --- role families ----------------------------------------------------------------------
# family: (weight, pay factor, department, base titles, manager, director, executive, skills)
FAMILIES: dict[str, tuple] = {
    "Data Analytics": (
        0.17,
        0.78,
        "Data & Analytics",
        [
            "Data Analyst",
            "BI Analyst",
            "Analytics Engineer",
            "Reporting Analyst",
            "Product Analyst",
        ],
        "Analytics Manager",
        "Director of Analytics",
        "Head of Analytics",
        ["SQL", "Python", "Excel", "Tableau", "Power BI", "dbt", "Statistics", "Looker"],
    ),
    "Data Science & ML": (
        0.09,
        1.05,
        "Data & Analytics",
        ["Data Scientist", "Machine Learning Engineer", "Data Engineer", "Applied Scientist"],
        "Data Science Manager",
        "Director of Data Science",
        "Head of Data",
        ["Python", "SQL", "Machine Learning", "PyTorch", "Statistics", "Spark", "R", "MLOps"],
    ),
    "Software Engineering": (
        0.18,
        1.0,
        "Engineering",
        [
            "Software Engineer",
            "Backend Developer",
            "Frontend Developer",
            "Full Stack Developer",
            "DevOps Engineer",
            "Site Reliability Engineer",
        ],
        "Engineering Manager",
        "Director of Engineering",
        "VP of Engineering",
        ["Python", "Java", "JavaScript", "TypeScript", "Go", "AWS", "Kubernetes", "React"],
    ),
    "Product Management": (
        0.08,
        1.02,
        "Product & Design",
        ["Product Manager", "Product Owner", "Technical Product Manager"],
        "Group Product Manager",
        "Director of Product",
        "Chief Product Officer",
        [
            "Roadmapping",
            "SQL",
            "User research",
            "Jira",
            "A/B testing",
            "Stakeholder management",
            "Figma",
        ],
    ),
    "Design": (
        0.07,
        0.85,
        "Product & Design",
        ["Product Designer", "UX Designer", "UI Designer", "UX Researcher", "Graphic Designer"],
        "Design Manager",
        "Design Director",
        "Head of Design",
        [
            "Figma",
            "User research",
            "Prototyping",
            "Design systems",
            "Adobe Creative Suite",
            "Accessibility",
            "HTML/CSS",
        ],
    ),
    "Marketing": (
        0.09,
        0.75,
        "Marketing",
        [
            "Marketing Specialist",
            "Digital Marketing Specialist",
            "Content Marketing Manager",
            "Product Marketing Manager",
        ],
        "Marketing Manager",
        "Director of Marketing",
        "Chief Marketing Officer",
        [
            "SEO",
            "Google Analytics",
            "Content",
            "HubSpot",
            "Paid social",
            "Copywriting",
            "Excel",
            "SQL",
        ],
    ),
    "Sales": (
        0.07,
        0.8,
        "Sales & Customer Success",
        [
            "Account Executive",
            "Sales Development Representative",
            "Account Manager",
            "Sales Engineer",
        ],
        "Sales Manager",
        "Sales Director",
        "VP of Sales",
        ["Salesforce", "Negotiation", "Prospecting", "HubSpot", "Account planning", "CRM"],
    ),
    "Customer Success": (
        0.06,
        0.68,
        "Sales & Customer Success",
        [
            "Customer Success Manager",
            "Customer Support Specialist",
            "Technical Account Manager",
            "Implementation Specialist",
        ],
        "Customer Support Manager",
        "Director of Customer Success",
        "VP of Customer Success",
        ["Zendesk", "Salesforce", "Onboarding", "Communication", "SQL", "Excel"],
    ),
    "Finance": (
        0.07,
        0.8,
        "Finance",
        ["Financial Analyst", "Accountant", "Financial Controller", "Tax Accountant"],
        "Finance Manager",
        "Finance Director",
        "Chief Financial Officer",
        ["Excel", "Financial modelling", "SAP", "SQL", "Power BI", "IFRS", "Forecasting"],
    ),
    "HR & People": (
        0.06,
        0.7,
        "People",
        [
            "HR Generalist",
            "Recruiter",
            "Talent Acquisition Partner",
            "HR Business Partner",
            "People Partner",
        ],
        "HR Manager",
        "HR Director",
        "Chief People Officer",
        ["Workday", "Recruiting", "Employment law", "Excel", "Coaching", "HRIS"],
    ),
    "Operations": (
        0.06,
        0.72,
        "Operations",
        [
            "Operations Specialist",
            "Operations Coordinator",
            "Supply Chain Planner",
            "Business Operations Associate",
        ],
        "Operations Manager",
        "Director of Operations",
        "Chief Operating Officer",
        [
            "Excel",
            "SQL",
            "Process improvement",
            "Project management",
            "Supply chain",
            "Lean Six Sigma",
        ],
    ),
}
_FAM = list(FAMILIES)
INTERVIEWERS: dict[str, list[str]] = {
    "Data & Analytics": ["Priya Raman", "Jonas Weber", "Maya Cohen", "Luis Ortega"],
    "Engineering": ["Tom Becker", "Aisha Bello", "Kenji Sato", "Sara Lindqvist", "Daniel Kim"],
    "Product & Design": ["Emma Fischer", "Noah Jansen", "Chloé Martin"],
    "Marketing": ["Olivia Brown", "Marco Rossi", "Hannah Schulz"],
    "Sales & Customer Success": ["James Walker", "Sofia García", "Liam O'Connor"],
    "Finance": ["Anna Kowalski", "David Levi"],
    "People": ["Grace Okafor", "Julia Meyer", "Ravi Patel"],
    "Operations": ["Mia van Dijk", "Ethan Clarke"],
}
_DEPT = list(INTERVIEWERS)

# --- candidates -------------------------------------------------------------------------
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
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "en": (
        [
            "James",
            "Olivia",
            "Liam",
            "Emma",
            "Noah",
            "Ava",
            "Ethan",
            "Sophia",
            "Mason",
            "Isabella",
            "Lucas",
            "Mia",
            "Oliver",
            "Amelia",
            "Elijah",
            "Harper",
            "Aiden",
            "Charlotte",
            "Jack",
            "Grace",
            "Henry",
            "Chloe",
            "Samuel",
            "Zoe",
            "Daniel",
            "Lily",
            "Ryan",
            "Hannah",
            "Michael",
            "Sarah",
        ],
        [
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Miller",
            "Davis",
            "Wilson",
            "Taylor",
            "Anderson",
            "Thomas",
            "Moore",
            "Martin",
            "Jackson",
            "Thompson",
            "White",
            "Harris",
            "Clark",
            "Lewis",
            "Walker",
            "Hall",
            "Young",
            "King",
            "Wright",
            "Scott",
            "Green",
            "Baker",
            "Adams",
            "Nelson",
            "Campbell",
        ],
    ),
    "de": (
        [
            "Lukas",
            "Anna",
            "Leon",
            "Lea",
            "Finn",
            "Hannah",
            "Jonas",
            "Mia",
            "Paul",
            "Laura",
            "Felix",
            "Julia",
            "Maximilian",
            "Sophie",
            "Jürgen",
            "Katrin",
            "Tobias",
            "Lena",
            "Niklas",
            "Marie",
            "Sebastian",
            "Johanna",
            "Moritz",
            "Clara",
        ],
        [
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
            "Koch",
            "Richter",
            "Klein",
            "Wolf",
            "Schröder",
            "Neumann",
            "Schwarz",
            "Zimmermann",
            "Braun",
            "Krüger",
            "Hofmann",
            "Hartmann",
            "Lange",
            "Weiß",
        ],
    ),
    "nl": (
        [
            "Daan",
            "Emma",
            "Sem",
            "Julia",
            "Lucas",
            "Tess",
            "Bram",
            "Sanne",
            "Thijs",
            "Fleur",
            "Jesse",
            "Lotte",
            "Ruben",
            "Eva",
            "Stijn",
            "Anouk",
        ],
        [
            "de Jong",
            "Jansen",
            "de Vries",
            "van den Berg",
            "van Dijk",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "de Groot",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
        ],
    ),
    "fr": (
        [
            "Lucas",
            "Léa",
            "Hugo",
            "Chloé",
            "Louis",
            "Manon",
            "Gabriel",
            "Camille",
            "Arthur",
            "Inès",
            "Jules",
            "Sarah",
            "Théo",
            "Hélène",
            "Mathis",
            "Océane",
        ],
        [
            "Martin",
            "Bernard",
            "Dubois",
            "Thomas",
            "Robert",
            "Richard",
            "Petit",
            "Durand",
            "Leroy",
            "Moreau",
            "Simon",
            "Laurent",
            "Lefèvre",
            "Michel",
            "Garcia",
            "Fournier",
        ],
    ),
    "es": (
        [
            "Hugo",
            "Lucía",
            "Martín",
            "María",
            "Pablo",
            "Paula",
            "Alejandro",
            "Sofía",
            "Daniel",
            "Carmen",
            "Javier",
            "Elena",
            "José",
            "Marta",
            "Diego",
            "Laura",
        ],
        [
            "García",
            "Fernández",
            "González",
            "Rodríguez",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Martín",
            "Jiménez",
            "Ruiz",
            "Hernández",
            "Díaz",
            "Moreno",
            "Álvarez",
        ],
    ),
    "in": (
        [
            "Aarav",
            "Priya",
            "Vivaan",
            "Ananya",
            "Aditya",
            "Diya",
            "Arjun",
            "Isha",
            "Rohan",
            "Kavya",
            "Sai",
            "Neha",
            "Vikram",
            "Pooja",
            "Rahul",
            "Sneha",
        ],
        [
            "Sharma",
            "Patel",
            "Singh",
            "Kumar",
            "Reddy",
            "Iyer",
            "Gupta",
            "Nair",
            "Mehta",
            "Rao",
            "Joshi",
            "Das",
            "Chatterjee",
            "Menon",
            "Verma",
            "Pillai",
        ],
    ),
}
_NSETS = list(NAMES)
MAIL_DOMAINS = {
    "*": [
        "gmail.com",
        "gmail.com",
        "gmail.com",
        "outlook.com",
        "icloud.com",
        "proton.me",
        "yahoo.com",
    ],
    "US": ["hotmail.com", "aol.com"],
    "DE": ["web.de", "gmx.de", "t-online.de"],
    "GB": ["hotmail.co.uk", "btinternet.com"],
    "NL": ["ziggo.nl", "kpnmail.nl"],
    "CA": ["rogers.com", "shaw.ca"],
    "FR": ["orange.fr", "free.fr"],
    "IN": ["rediffmail.com", "yahoo.co.in"],
    "ES": ["telefonica.es", "hotmail.es"],
    "AU": ["bigpond.com", "optusnet.com.au"],
}
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

# --- answers ----------------------------------------------------------------------------
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


# ========================================================================================
# small vectorised helpers
def _s(a: np.ndarray) -> np.ndarray:
    """Integers -> object array of decimal strings (formats each distinct value once)."""
    a = np.asarray(a).astype(np.int64)
    if len(a) < 1000:
        return a.astype(str).astype(object)
    uniq, inv = np.unique(a, return_inverse=True)
    if len(uniq) > len(a) // 4:
        return a.astype(str).astype(object)
    return uniq.astype(str).astype(object)[inv]


def _zfill(a: np.ndarray, width: int) -> np.ndarray:
    u = (np.asarray(a, dtype=np.int64) % 10**width + 10**width).astype(f"<U{width + 1}")
    chars = u.view("<U1").reshape(-1, width + 1)[:, 1:].copy()
    return chars.view(f"<U{width}").ravel().astype(object)


def _fmt(a: np.ndarray, fmt: str) -> np.ndarray:
    """Format each distinct value once (str.format spec), then index: no per-row Python."""
    uniq, inv = np.unique(np.asarray(a), return_inverse=True)
    return np.array([fmt.format(x) for x in uniq.tolist()], dtype=object)[inv]


def _group(v: np.ndarray, sep: str) -> np.ndarray:
    """Integers with thousands separators: 1234567 -> '1,234,567' (or '1.234.567')."""
    uniq, inv = np.unique(np.asarray(v, dtype=np.int64), return_inverse=True)
    return np.array([f"{x:,}".replace(",", sep) for x in uniq.tolist()], dtype=object)[inv]


def _hex8(a: np.ndarray) -> np.ndarray:
    digits = (np.asarray(a, dtype=np.int64)[:, None] >> (4 * np.arange(7, -1, -1))) & 15
    chars = np.frombuffer(b"0123456789abcdef", dtype=np.uint8).astype(np.uint32)[digits]
    return np.ascontiguousarray(chars).view("<U8").ravel().astype(object)


def _pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category index per row of a (n, k) probability matrix."""
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    return np.minimum((rng.random(len(probs))[:, None] > cum).sum(axis=1), probs.shape[1] - 1)


def _choice(rng: np.random.Generator, n: int, weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _multi(
    rng: np.random.Generator, probs: np.ndarray, labels: list[str], ensure_one: bool
) -> np.ndarray:
    """Independent yes/no per label -> "A, B" strings via a bitmask lookup (no row loops)."""
    k = len(labels)
    hit = rng.random(probs.shape) < probs
    if ensure_one:
        none = ~hit.any(axis=1)
        hit[none, np.argmax(probs[none], axis=1)] = True
    mask = hit.astype(np.int64) @ (1 << np.arange(k))
    table = np.array(
        [", ".join(lab for b, lab in enumerate(labels) if m >> b & 1) for m in range(1 << k)],
        dtype=object,
    )
    return table[mask]


def _ascii(names: list[str]) -> np.ndarray:
    out = []
    for name in names:
        name = name.replace("ß", "ss").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        out.append("".join(ch for ch in name.lower() if ch.isalnum()))
    return np.array(out, dtype=object)


def _flat(sets: dict[str, tuple[list[str], list[str]]], which: int):
    values = [v for s in sets.values() for v in s[which]]
    lengths = np.array([len(s[which]) for s in sets.values()])
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return np.array(values, dtype=object), _ascii(values), offsets, lengths


# ========================================================================================
def generate_frames(
    rows: int = 5000, seed: int = 7, messy: float = 0.0, start: date | None = None
) -> pd.DataFrame:
    """The export rows (text cells, "" = empty) under the canonical first header spellings.

    `df.attrs["messy_counts"]` says how many rows of each hostile kind were made.
    """
    if rows < 1:
        raise ValueError("rows must be >= 1")
    messy = float(min(max(messy, 0.0), 1.0))
    rng = np.random.default_rng(seed)
    n_dup = int(rng.binomial(rows, messy / 4)) if messy and rows > 2 else 0
    n_edit = int(rng.binomial(rows, messy / 4)) if messy and rows > 2 else 0
    n_base = max(1, rows - n_dup - n_edit)
    n_dup, n_edit = (n_dup, n_edit) if n_base + n_dup + n_edit == rows else (0, 0)
    start_day = start or (DEFAULT_END - timedelta(days=SPAN_DAYS))
    end_day = (
        min(
            start_day + timedelta(days=SPAN_DAYS),
            max(DEFAULT_END, date.today() - timedelta(days=1)),
        )
        if start
        else DEFAULT_END
    )
    span = max(1, (end_day - start_day).days)
    df = _clean_rows(rng, n_base, start_day, span)
    counts: dict[str, int] = {}
    if messy:
        df, counts = _make_messy(df, np.random.default_rng([seed, 1]), messy, n_dup, n_edit)
    out = pd.DataFrame(
        {HEADERS.get(c, c): df[c].to_numpy() for c in df.columns if c != "_annual"}, dtype=object
    )
    out.attrs["messy_counts"] = counts
    return out


def _clean_rows(rng: np.random.Generator, n: int, start: date, span: int) -> pd.DataFrame:
    # ---- people: 10 % anonymous, others with 1-3 interviews ------------------------------
    n_people = max(1, int(n / 1.17) + 2)
    k = np.where(rng.random(n_people) < 0.85, 1, np.where(rng.random(n_people) < 0.72, 2, 3))
    anon_p = rng.random(n_people) < 0.105
    k[anon_p] = 1
    person = np.repeat(np.arange(n_people), k)[:n]
    if len(person) < n:  # top up with single-interview people
        extra = np.arange(n_people, n_people + n - len(person))
        person = np.concatenate([person, extra])
        n_people += len(extra)
        anon_p = np.concatenate([anon_p, rng.random(len(extra)) < 0.105])
        k = np.concatenate([k, np.ones(len(extra), dtype=int)])
    P = n_people
    country_p = _choice(rng, P, [c[0] for c in COUNTRIES.values()])
    city_p = np.zeros(P, dtype=np.int64)
    for ci, (_, _, _, _, _, cities) in enumerate(COUNTRIES.values()):
        sel = country_p == ci
        city_p[sel] = _choice(rng, int(sel.sum()), 1 / (np.arange(len(cities)) + 1) ** 0.8)
    stage_p = _choice(rng, P, STAGE_WEIGHTS)
    fam_p = _choice(rng, P, [f[0] for f in FAMILIES.values()])
    sen_p = _pick(rng, SENIORITY_BY_STAGE[stage_p])
    lo, hi = np.array(YEARS_BY_STAGE).T
    years_p = lo[stage_p] + rng.random(P) * (hi - lo)[stage_p]
    years_p = np.where(rng.random(P) < 0.8, np.round(years_p), np.round(years_p * 2) / 2)

    # ---- rows: dates (repeat visits months apart), weekday only, more recent = more volume
    j = np.zeros(n, dtype=np.int64)  # visit number within the person
    first = np.r_[True, person[1:] != person[:-1]]
    idx = np.arange(n)
    run_start = np.maximum.accumulate(np.where(first, idx, 0))
    j = idx - run_start
    gaps = np.where(j == 0, 0, rng.integers(60, 300, n))
    cum_gap = np.cumsum(gaps) - np.cumsum(gaps)[run_start] + gaps[run_start]
    total_gap = np.zeros(P, dtype=np.int64)
    np.maximum.at(total_gap, person, cum_gap)
    room = np.maximum(span - total_gap, 1)
    first_off = (rng.random(P) ** 0.8 * room).astype(np.int64)
    off = np.minimum(first_off[person] + cum_gap, span)
    day0 = np.datetime64(start.isoformat(), "D")
    days = day0 + off
    dow = (days.astype(np.int64) + 3) % 7  # 0 = Monday
    days = days - np.where(dow == 5, 1, 0) + np.where(dow == 6, 1, 0)
    days = np.where(days > day0 + span, days - 3, days)
    t = (days - day0).astype(np.int64) / span  # 0..1 along the period

    cc = country_p[person]
    stage = stage_p[person]
    fam = fam_p[person]
    sen = sen_p[person]
    anon = anon_p[person]
    col: dict[str, np.ndarray] = {}
    col["interview_date"] = np.datetime_as_string(days, unit="D").astype(object)

    # ---- interviewer, department, role -------------------------------------------------
    fam_dept = np.array([_DEPT.index(FAMILIES[f][2]) for f in _FAM])
    dept = np.where(rng.random(n) < 0.85, fam_dept[fam], _choice(rng, n, [4, 5, 3, 3, 3, 2, 4, 2]))
    people_in = [len(INTERVIEWERS[d]) for d in _DEPT]
    i_offsets = np.concatenate([[0], np.cumsum(people_in)[:-1]])
    all_interviewers = np.array([p for d in _DEPT for p in INTERVIEWERS[d]], dtype=object)
    # uneven workload: the first people of each department do more
    inter_local = np.floor(rng.random(n) ** 1.4 * np.array(people_in)[dept]).astype(np.int64)
    col["interviewer"] = all_interviewers[i_offsets[dept] + inter_local]
    col["department"] = np.array(_DEPT, dtype=object)[dept]
    base_lists = [FAMILIES[f][3] for f in _FAM]
    nb = np.array([len(b) for b in base_lists])
    b_off = np.concatenate([[0], np.cumsum(nb)[:-1]])
    all_base = np.array([b for bl in base_lists for b in bl], dtype=object)
    base = all_base[b_off[fam] + np.floor(rng.random(n) ** 1.3 * nb[fam]).astype(np.int64)]
    mgr = np.array([FAMILIES[f][4] for f in _FAM], dtype=object)[fam]
    dirt = np.array([FAMILIES[f][5] for f in _FAM], dtype=object)[fam]
    exe = np.array([FAMILIES[f][6] for f in _FAM], dtype=object)[fam]
    title = np.select(
        [sen == 0, sen == 1, sen == 2, sen == 3, sen == 4, sen == 5, sen == 6],
        [base + " Intern", "Junior " + base, base, "Senior " + base, "Lead " + base, mgr, dirt],
        exe,
    )
    col["role_title"] = title
    col["seniority"] = np.array([s.capitalize() for s in SENIORITY], dtype=object)[sen]

    # ---- format, duration, source ------------------------------------------------------
    source = _pick(rng, SOURCE_BY_STAGE[stage])
    fmt_p = np.tile([0.6, 0.14, 0.18, 0.08], (n, 1))
    fmt_p[source == 2] = [0.1, 0.02, 0.48, 0.4]
    fmt_p[source == 3] = [0.2, 0.05, 0.65, 0.1]
    fmt = _pick(rng, fmt_p)
    col["format"] = np.array(FORMAT_LABELS, dtype=object)[fmt]
    dur = np.array([20, 25, 30, 30, 30, 30, 45, 45, 60])[rng.integers(0, 9, n)]
    dur = np.where(fmt == 1, np.minimum(dur, 30), dur)
    col["duration_min"] = _s(dur)
    col["source"] = np.array(SOURCE_LABELS, dtype=object)[source]

    # ---- pay: log-normal by family x seniority x country, trend, repeat visits ask more --
    base_pay = np.array([c[3] for c in COUNTRIES.values()])[cc]
    fam_pay = np.array([FAMILIES[f][1] for f in _FAM])[fam]
    sen_pay = np.array([SENIORITY_PAY[s] for s in SENIORITY])[sen]
    year_frac = (days - np.datetime64("2024-01-01")).astype(np.int64) / 365.25
    stage_pay = np.array([0.95, 1.0, 1.0, 1.05, 0.92])[stage]
    annual = base_pay * fam_pay * sen_pay * stage_pay * np.exp(TREND * year_frac) * 1.06**j
    annual *= rng.lognormal(0.0, 0.17, n)
    _comp(rng, col, annual, cc, sen)
    col["_annual"] = annual

    # ---- work conditions: remote falls, hybrid rises -----------------------------------
    wa_p = np.column_stack([0.42 - 0.17 * t, 0.34 + 0.17 * t, np.full(n, 0.14), np.full(n, 0.10)])
    wa_p[stage == 0] += [-0.12, 0.04, 0.08, 0.0]
    wa_p[stage == 3] += [0.06, -0.02, -0.04, 0.0]
    wa = _pick(rng, np.clip(wa_p, 0.01, None))
    col["work_arrangement"] = np.array(ARRANGEMENT_LABELS, dtype=object)[wa]
    od = np.select(
        [wa == 0, wa == 1, wa == 2],
        [np.zeros(n), _choice(rng, n, [0.1, 0.35, 0.4, 0.15]) + 1, 5 - (rng.random(n) < 0.1)],
        rng.integers(0, 3, n),
    )
    od_txt = _s(od)
    col["office_days"] = np.where(
        (wa == 3) & (rng.random(n) < 0.5) | (rng.random(n) < 0.06), "", od_txt
    )
    flex = rng.random(n) < np.where(wa == 0, 0.75, 0.58)
    col["flexible_hours"] = np.where(flex, "Yes", "No")
    col["travel"] = np.array(["None", "Occasional", "Frequent"], dtype=object)[
        _choice(rng, n, [0.42, 0.48, 0.10])
    ]
    reloc_p = np.tile([0.2, 0.55, 0.25], (n, 1))
    reloc_p[stage <= 1] = [0.35, 0.35, 0.30]
    col["relocation"] = np.array(["Yes", "No", "Maybe"], dtype=object)[_pick(rng, reloc_p)]
    col["benefits"] = _multi(rng, BENEFITS_BY_STAGE[stage], BENEFIT_LABELS, ensure_one=True)
    promo = np.array([1.5, 2.0, 2.5, 3.0, 2.0])[stage] + rng.normal(0, 0.6, n)
    promo = np.clip(np.round(promo * 2) / 2, 0.5, 6)
    col["expected_years_to_promotion"] = np.where(rng.random(n) < 0.2, "", _fmt(promo, "{:g}"))
    shift = np.array([[_CULTURE_SHIFT[s].get(d, 0.0) for d in DIMENSIONS] for s in STAGES])
    ratings = np.clip(
        np.round(3 + shift[stage] + rng.normal(0, 0.8, (n, len(DIMENSIONS)))), 1, 5
    ).astype(np.int64)
    skip = rng.random(n) < 0.04
    for d_i, d in enumerate(DIMENSIONS):
        col[f"culture_{d}"] = np.where(skip | (rng.random(n) < 0.02), "", _s(ratings[:, d_i]))

    # ---- what they asked ---------------------------------------------------------------
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

    # ---- the candidate (people arrays, repeated per interview) -------------------------
    _candidate(
        rng, col, person, P, country_p, city_p, stage_p, fam_p, years_p, anon_p, days, source, n, k
    )

    # ---- pre-screen ----------------------------------------------------------------------
    fit = np.clip(np.round(3.1 + 0.25 * (years_p[person] > 3) + rng.normal(0, 1.0, n)), 1, 5)
    col["fit_score"] = np.where(rng.random(n) < 0.08, "", _s(fit))
    interest = np.clip(np.round(3.7 + 0.3 * (j > 0) + rng.normal(0, 0.9, n)), 1, 5)
    col["interest_level"] = np.where(rng.random(n) < 0.08, "", _s(interest))
    age = 1 - t
    pool_p = np.column_stack(
        [
            0.6 - 0.5 * age,
            0.12 + 0.1 * age,
            0.1 + 0.1 * age,
            0.06 + 0.1 * age,
            0.06 + 0.05 * age,
            0.01 + 0.05 * age,
            0.02 + 0.04 * age,
        ]
    )
    pool = _pick(rng, np.clip(pool_p, 0.005, None))
    cred_p = np.tile([0.28, 0.15, 0.03, 0.54], (n, 1))
    cred_p[(pool == 1) | (pool == 3) | (pool == 5)] = [0.75, 0.15, 0.02, 0.08]
    cred = _pick(rng, cred_p)
    col["credentials"] = np.where(anon, "", np.array(CREDENTIAL_LABELS, dtype=object)[cred])
    col["pool_status"] = np.where(anon, "", np.array(POOL_LABELS, dtype=object)[pool])
    skills_txt = col["skills"]
    tag_p = np.tile([0.0, 0.03, 0.03, 0.06, 0.05, 0.0, 0.08, 0.08], (n, 1))
    tag_p[:, 0] = np.where(
        pd.Series(skills_txt).str.contains("SQL", regex=False).to_numpy(), 0.3, 0.0
    )
    tag_p[stage == 4, 1] = 0.35
    tag_p[stage == 4, 2] = 0.12
    tag_p[source == 4, 5] = 0.6
    tag_p[fit >= 5, 6] = 0.4
    col["tags"] = _multi(rng, tag_p, TAG_LABELS, ensure_one=False)
    note = np.array(NOTE_OPENINGS, dtype=object)[rng.integers(0, len(NOTE_OPENINGS), n)]
    ending = np.array(NOTE_ENDINGS, dtype=object)[rng.integers(0, len(NOTE_ENDINGS), n)]
    sep = np.where(rng.random(n) < 0.03, "\n", " ")  # multi-line notes happen in real exports
    col["notes"] = np.where(
        rng.random(n) < 0.3, "", np.where(ending == "", note, note + sep + ending)
    )

    # ---- extras the ETL must keep -------------------------------------------------------
    col["Form version"] = np.where(days < np.datetime64("2025-09-01"), "v3", "v4").astype(object)
    df = pd.DataFrame({k2: col[k2] for k2 in [*HEADERS, *EXTRA_COLUMNS] if k2 in col}, dtype=object)
    df["_annual"] = col["_annual"]
    df = df.iloc[np.lexsort((rng.random(n), days))].reset_index(drop=True)
    yr = _s(
        df["interview_date"]
        .to_numpy(dtype="datetime64[D]")
        .astype("datetime64[Y]")
        .astype(np.int64)
        + 1970
    )
    df["Internal ref"] = "EI-" + yr + "-" + _zfill(np.arange(1, n + 1), 7)
    return df


def _comp(rng, col, annual, cc, sen) -> None:
    """Pay written the many ways people write it, with currency and period columns."""
    n = len(annual)
    cur = np.array([c[1] for c in COUNTRIES.values()], dtype=object)[cc]
    sym = np.array([c[2] for c in COUNTRIES.values()], dtype=object)[cc]
    euro = cur == "EUR"
    hourly_ok = np.isin(cc, [_CC.index(c) for c in ("US", "CA", "AU", "GB")]) & (sen <= 2)
    monthly_ok = np.isin(cc, [_CC.index(c) for c in ("DE", "NL", "FR", "ES", "IN")])
    u = rng.random(n)
    period = np.where(
        hourly_ok & (u < 0.18), 4, np.where(monthly_ok & (u < 0.16), 1, np.where(u > 0.992, 3, 0))
    )
    lo = annual * (1 - rng.random(n) * 0.04)
    hi = lo * (1.08 + rng.random(n) * 0.17)
    lo_k, hi_k = np.round(lo / 1000).astype(np.int64), np.round(hi / 1000).astype(np.int64)
    is_range = rng.random(n) < 0.4
    style = rng.integers(0, 6, n)
    text = np.full(n, "", dtype=object)
    # each way of writing is built only for the rows that use it
    ways = [
        (is_range & (style <= 1), lambda m: sym[m] + _s(lo_k[m]) + "k-" + _s(hi_k[m]) + "k"),
        (
            is_range & (style == 2),
            lambda m: (
                _group(lo_k[m] * 1000, ",") + "-" + _group(hi_k[m] * 1000, ",") + " " + cur[m]
            ),
        ),
        (is_range & (style == 3), lambda m: _s(lo_k[m]) + "k - " + _s(hi_k[m]) + "k " + cur[m]),
        (
            is_range & (style >= 4) & euro,
            lambda m: (
                _group(lo_k[m] * 1000, ".") + " - " + _group(hi_k[m] * 1000, ".") + " " + cur[m]
            ),
        ),
        (is_range & (style >= 4) & ~euro, lambda m: _s(lo_k[m] * 1000) + "-" + _s(hi_k[m] * 1000)),
        (~is_range & (style == 0), lambda m: _s(lo_k[m] * 1000)),
        (~is_range & (style == 1) & euro, lambda m: _group(lo_k[m] * 1000, ".") + " " + cur[m]),
        (~is_range & (style == 1) & ~euro, lambda m: _group(lo_k[m] * 1000, ",") + " " + cur[m]),
        (~is_range & (style == 2), lambda m: sym[m] + _s(lo_k[m]) + "k"),
        (~is_range & (style == 3), lambda m: cur[m] + " " + _group(lo_k[m] * 1000, ",")),
        (~is_range & (style >= 4) & euro, lambda m: _s(lo_k[m]) + "k " + sym[m]),
        (~is_range & (style >= 4) & ~euro, lambda m: _group(lo_k[m] * 1000, ",")),
    ]
    mo = np.round(lo / 12 / 100).astype(np.int64) * 100
    hr = np.round(lo / 2080).astype(np.int64)
    dy = np.round(lo / 220 / 10).astype(np.int64) * 10
    ways = [(sel & (period == 0), f) for sel, f in ways] + [
        ((period == 1) & (style % 2 == 0), lambda m: _s(mo[m]) + " per month"),
        (
            (period == 1) & (style % 2 == 1) & euro,
            lambda m: _group(mo[m], ".") + " " + sym[m] + "/month",
        ),
        ((period == 1) & (style % 2 == 1) & ~euro, lambda m: _s(mo[m]) + "/month"),
        ((period == 4) & (style % 2 == 0), lambda m: _s(hr[m]) + "/hr"),
        ((period == 4) & (style % 2 == 1), lambda m: sym[m] + _s(hr[m]) + " per hour"),
        (period == 3, lambda m: _s(dy[m]) + " per day"),
    ]
    bare = np.zeros(n, dtype=bool)
    for sel, build in ways:
        m = np.flatnonzero(sel)
        if len(m):
            text[m] = build(m)
    bare[np.flatnonzero(~is_range & (style == 0) & (period == 0))] = True
    bare[np.flatnonzero(~is_range & (style >= 4) & ~euro & (period == 0))] = True
    bare[np.flatnonzero(is_range & (style >= 4) & ~euro & (period == 0))] = True
    vague = rng.random(n) < 0.03
    text[vague] = np.array(
        ["negotiable", "open", "depends on the package", "flexible"], dtype=object
    )[rng.integers(0, 4, int(vague.sum()))]
    col["comp"] = text
    # currency column: usually filled, always when the text is a bare number
    col["comp_currency"] = np.where((bare | (rng.random(n) < 0.75)) & ~vague, cur, "")
    per = np.array(["Year", "Month", "Week", "Day", "Hour"], dtype=object)[period]
    col["comp_period"] = np.where((rng.random(n) < 0.6) & ~vague, per, "")


def _candidate(
    rng, col, person, P, country_p, city_p, stage_p, fam_p, years_p, anon_p, days, source, n, k
) -> None:
    codes = np.array(_CC, dtype=object)
    col["country"] = codes[country_p][person]
    city_names = [[c for c, _ in v[5]] for v in COUNTRIES.values()]
    regions = [[r for _, r in v[5]] for v in COUNTRIES.values()]
    c_len = np.array([len(c) for c in city_names])
    c_off = np.concatenate([[0], np.cumsum(c_len)[:-1]])
    flat_city = np.array([c for cs in city_names for c in cs], dtype=object)
    flat_region = np.array([r for rs in regions for r in rs], dtype=object)
    cidx = (c_off[country_p] + city_p)[person]
    col["city"] = np.where(rng.random(n) < 0.03, "", flat_city[cidx])
    col["region"] = np.where(rng.random(n) < 0.25, "", flat_region[cidx])

    # names: mostly the country's name set, a quarter from elsewhere
    home = np.array([_NSETS.index(v[4]) for v in COUNTRIES.values()])[country_p]
    nset = np.where(rng.random(P) < 0.25, rng.integers(0, len(_NSETS), P), home)
    fv, fa, fo, fl = _flat(NAMES, 0)
    lv, la, lo_, ll = _flat(NAMES, 1)
    fi = fo[nset] + rng.integers(0, 1 << 30, P) % fl[nset]
    li = lo_[nset] + rng.integers(0, 1 << 30, P) % ll[nset]
    full = fv[fi] + " " + lv[li]
    f_a, l_a = fa[fi], la[li]
    pattern = rng.integers(0, 5, P)
    local = np.select(
        [pattern == 0, pattern == 1, pattern == 2, pattern == 3],
        [
            f_a + "." + l_a,
            f_a + l_a,
            pd.Series(f_a).str[:1].to_numpy(dtype=object) + "." + l_a,
            l_a + "." + f_a,
        ],
        f_a + "_" + l_a,
    )
    local = np.where(rng.random(P) < 0.35, local + _s(rng.integers(1, 99, P)), local)
    dom_lists = [MAIL_DOMAINS["*"] + MAIL_DOMAINS[c] for c in _CC]
    d_len = np.array([len(d) for d in dom_lists])
    d_off = np.concatenate([[0], np.cumsum(d_len)[:-1]])
    flat_dom = np.array([d for ds in dom_lists for d in ds], dtype=object)
    domain = flat_dom[d_off[country_p] + rng.integers(0, 1 << 30, P) % d_len[country_p]]
    addr = pd.Series(local + "@" + domain)
    dup_n = addr.groupby(addr).cumcount().to_numpy()  # make every person's e-mail unique
    email = np.where(dup_n > 0, local + "." + _s(dup_n + 1) + "@" + domain, local + "@" + domain)
    email = np.where(
        rng.random(P) < 0.08, pd.Series(email).str.capitalize().to_numpy(dtype=object), email
    )
    phone = _phones(rng, P, country_p, city_p)
    has_phone = rng.random(P) < 0.6
    slug = f_a + "-" + l_a + "-" + _hex8((np.arange(P, dtype=np.int64) * 2654435761) % (1 << 32))
    li_style = rng.integers(0, 4, P)
    linkedin = np.select(
        [li_style <= 1, li_style == 2],
        ["https://www.linkedin.com/in/" + slug, "linkedin.com/in/" + slug],
        "https://"
        + np.array(["de", "uk", "nl", "fr", "in", "es"], dtype=object)[rng.integers(0, 6, P)]
        + ".linkedin.com/in/"
        + slug
        + "/",
    )
    has_li = rng.random(P) < 0.55
    ident = ~anon_p
    col["full_name"] = np.where(ident & (rng.random(P) < 0.97), full, "")[person]
    col["email"] = np.where(ident, email, "")[person]
    col["phone"] = np.where(ident & has_phone, phone, "")[person]
    col["linkedin_url"] = np.where(ident & has_li, linkedin, "")[person]

    # current situation
    fam_base = np.array([FAMILIES[f][3][0] for f in _FAM], dtype=object)[fam_p]
    cur_title = np.select(
        [stage_p == 0, stage_p == 4, stage_p == 1, stage_p == 2],
        [
            np.array(STUDENT_TITLES, dtype=object)[rng.integers(0, len(STUDENT_TITLES), P)],
            np.array(CHANGER_TITLES, dtype=object)[rng.integers(0, len(CHANGER_TITLES), P)],
            np.where(rng.random(P) < 0.5, "Junior " + fam_base, fam_base),
            fam_base,
        ],
        "Senior " + fam_base,
    )
    col["current_title"] = np.where(rng.random(P) < 0.1, "", cur_title)[person]
    uni = np.array([UNIVERSITIES[c] for c in _CC], dtype=object)[country_p]
    emp = np.array(EMPLOYERS, dtype=object)[rng.integers(0, len(EMPLOYERS), P)]
    col["current_employer"] = np.where(rng.random(P) < 0.15, "", np.where(stage_p == 0, uni, emp))[
        person
    ]
    col["years_experience"] = np.where(rng.random(P) < 0.07, "", _fmt(years_p, "{:g}"))[person]
    col["career_stage"] = np.array(STAGE_LABELS, dtype=object)[stage_p][person]
    # skills: 2-5 of the family's list, favouring the first ones
    sk_lists = [FAMILIES[f][7] for f in _FAM]
    width = max(len(s) for s in sk_lists)
    probs = np.array(
        [[0.75 * 0.82**i if i < len(s) else 0.0 for i in range(width)] for s in sk_lists]
    )
    hit = rng.random((P, width)) < probs[fam_p]
    none = ~hit.any(axis=1)
    hit[none, 0] = True
    mask = hit.astype(np.int64) @ (1 << np.arange(width))
    tables = np.array(
        [
            [", ".join(s[b] for b in range(len(s)) if m >> b & 1) for m in range(1 << width)]
            for s in sk_lists
        ],
        dtype=object,
    )
    skills = tables[fam_p, mask]
    col["skills"] = np.where(rng.random(P) < 0.06, "", skills)[person]
    # availability, consent, referral
    months = rng.integers(0, 7, n)
    avail = (days.astype("datetime64[M]") + months + 1).astype("datetime64[D]")
    col["available_from"] = np.where(
        rng.random(n) < 0.25, "", np.datetime_as_string(avail, unit="D").astype(object)
    )
    consent_p = rng.random(P) < 0.7
    consent = consent_p[person]
    col["consent_to_contact"] = np.where(anon_p[person], "", np.where(consent, "Yes", "No"))
    cdate = days + rng.integers(0, 3, n) * (rng.random(n) < 0.3)
    cdate = np.minimum(cdate, days.max())
    col["consent_date"] = np.where(
        consent & ~anon_p[person] & (rng.random(n) < 0.9),
        np.datetime_as_string(cdate, unit="D").astype(object),
        "",
    )
    referral = source == 0
    ident_people = np.flatnonzero(ident)
    other = (
        ident_people[rng.integers(0, max(1, len(ident_people)), n)]
        if len(ident_people)
        else np.zeros(n, dtype=int)
    )
    other = np.where(other == person, ident_people[0] if len(ident_people) else 0, other)
    all_staff = np.array([p for d in _DEPT for p in INTERVIEWERS[d]], dtype=object)
    staff = all_staff[rng.integers(0, len(all_staff), n)]
    by_mail = rng.random(n) < 0.4
    col["referred_by"] = np.where(
        referral, np.where(by_mail & (other != person), email[other], staff), ""
    )
    # a candidate never refers themselves
    col["referred_by"] = np.where(col["referred_by"] == col["email"], staff, col["referred_by"])


def _phones(rng, P, country_p, city_p) -> np.ndarray:
    """Fake but valid-looking numbers in the formats people type, unique per person."""
    uniq = (np.arange(P, dtype=np.int64) * 7919 + 1_234_567) % 10**7
    style = rng.integers(0, 3, P)
    out = np.full(P, "", dtype=object)
    for ci, code in enumerate(_CC):
        sel = country_p == ci
        if not sel.any():
            continue
        s = style[sel]
        u = uniq[sel]
        areas = np.array(_AREA[code], dtype=object)
        area = (
            areas[city_p[sel] % len(areas)]
            if code in ("US", "CA")
            else areas[rng.integers(0, len(areas), int(sel.sum()))]
        )
        if code in ("US", "CA"):
            ex = _s(200 + (u // 10000) % 800)
            line = _zfill(u % 10000, 4)
            v = np.select(
                [s == 0, s == 1],
                ["(" + area + ") " + ex + "-" + line, "+1 " + area + " " + ex + " " + line],
                area + "-" + ex + "-" + line,
            )
        elif code == "DE":
            d8 = _zfill(u + 20_000_000, 8)
            v = np.select(
                [s == 0, s == 1],
                ["+49 " + area + " " + d8, "0" + area + " " + d8],
                "0049 " + area + " " + d8,
            )
        elif code == "GB":
            d6 = _zfill(u % 1_000_000, 6)
            land = _zfill(u % 10000, 4)
            v = np.select(
                [s == 0, s == 1],
                ["+44 " + area + " " + d6, "0" + area + " " + d6],
                "0044 20 7946 " + land,
            )
        elif code == "NL":
            d8 = _zfill(u + 10_000_000, 8)
            v = np.where(s == 0, "+31 6 " + d8, "06-" + d8)
        else:
            d8 = u + 10_000_000
            a, b, c, d = (_zfill(d8 // 10**e % 100, 2) for e in (6, 4, 2, 0))
            p3, p5 = _zfill(d8 // 10**5, 3), _zfill(d8 % 10**5, 5)  # 3 + 5 digits
            p2, q3, r3 = _zfill(d8 // 10**6, 2), _zfill(d8 // 1000 % 1000, 3), _zfill(d8 % 1000, 3)
            flat = a + b + c + d
            if code == "NL":
                v = np.where(s == 0, "+31 6 " + flat, "06-" + flat)
            elif code == "FR":
                v = np.where(
                    s == 0,
                    "+33 " + area + " " + a + " " + b + " " + c + " " + d,
                    "0" + area + " " + a + " " + b + " " + c + " " + d,
                )
            elif code == "IN":
                v = np.where(s == 0, "+91 " + area + p3 + " " + p5, area + flat)
            elif code == "ES":
                v = np.where(s == 0, "+34 " + area + p2 + " " + q3 + " " + r3, area + flat)
            else:  # AU
                v = np.where(s == 0, "+61 4" + p2 + " " + q3 + " " + r3, "04" + flat)
        out[sel] = v
    return out


# ========================================================================================
# hostile inputs
MESSY_KINDS = {  # kind: share among corrupted rows
    "comp_junk": 0.15,
    "comp_separators": 0.12,
    "bad_email": 0.08,
    "bad_date": 0.06,
    "alt_date_format": 0.07,
    "missing_date": 0.05,
    "missing_role": 0.05,
    "bad_rating": 0.08,
    "unknown_currency": 0.06,
    "future_date": 0.04,
    "value_noise": 0.12,
    "country_name": 0.08,
    "bad_phone": 0.04,
}
COMP_JUNK = [
    "ask me",
    "???",
    "competitive",
    "TBD",
    "n/a",
    "-",
    "depends",
    "120k+",
    "up to 95k",
    "100-120",
    "market rate",
    "0",
]
BAD_EMAILS = [
    "john at gmail.com",
    "n/a",
    "test@",
    "@@example",
    "none",
    "anna.schmidt@",
    "me@localhost",
    "x@y",
]
BAD_DATES = ["31/02/2024", "2024-13-45", "yesterday", "00/00/0000", "2025-02-30", "TBD"]
BAD_RATINGS = ["7 of 5", "11", "high", "0", "-2", "10/10"]
BAD_PHONES = ["call me", "12", "n/a", "+00 000", "see email"]
COUNTRY_NAMES = {
    "US": ["United States", "USA", "u.s.", "United States of America", " US "],
    "DE": ["Germany", "Deutschland", "germany "],
    "GB": ["United Kingdom", "UK", "England", "Scotland", "Great Britain"],
    "NL": ["Netherlands", "The Netherlands", "Holland"],
    "CA": ["Canada", "canada"],
    "FR": ["France"],
    "IN": ["India"],
    "ES": ["Spain", "España"],
    "AU": ["Australia"],
}
MONTHS = np.array(
    ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    dtype=object,
)
_NOISY_ENUMS = (
    "format",
    "work_arrangement",
    "seniority",
    "source",
    "consent_to_contact",
    "relocation",
    "career_stage",
)


def _make_messy(df: pd.DataFrame, rng: np.random.Generator, rate: float, n_dup: int, n_edit: int):
    n = len(df)
    cols = {c: df[c].to_numpy(dtype=object).copy() for c in df.columns}
    corrupt = rng.random(n) < rate
    names = list(MESSY_KINDS)
    kind = np.full(n, -1)
    kind[corrupt] = _choice(rng, int(corrupt.sum()), list(MESSY_KINDS.values()))
    counts = {k: int((kind == i).sum()) for i, k in enumerate(names)}

    def rows_of(name: str) -> np.ndarray:
        return np.flatnonzero(kind == names.index(name))

    def pick(values, m: int) -> np.ndarray:
        return np.array(values, dtype=object)[rng.integers(0, len(values), m)]

    r = rows_of("comp_junk")
    cols["comp"][r] = pick(COMP_JUNK, len(r))
    r = rows_of("comp_separators")
    v = (np.round(df["_annual"].to_numpy()[r] / 1000) * 1000).astype(np.int64)
    cur = cols["comp_currency"][r]
    cur = np.where(
        cur == "",
        np.array([COUNTRIES[c][1] for c in _CC], dtype=object)[
            [_CC.index(c) for c in cols["country"][r]]
        ],
        cur,
    )
    style = rng.integers(0, 5, len(r))
    lakh = _s(v // 100_000) + "," + _zfill(v // 1000 % 100, 2) + "," + _zfill(v % 1000, 3)
    cols["comp"][r] = np.select(
        [style == 0, style == 1, style == 2, style == 3],
        [
            _group(v, ".") + ",00 " + cur,
            _group(v, ",") + ".00 " + cur,
            _group(v, " ") + " " + cur,
            cur + " " + _group(v, ".") + ",-",
        ],
        np.where(cur == "INR", "INR " + lakh, _group(v, ",") + " " + cur + " gross"),
    )
    cols["comp_period"][r] = "Year"  # these are yearly figures
    r = rows_of("bad_email")
    cols["email"][r] = pick(BAD_EMAILS, len(r))
    r = rows_of("bad_date")
    cols["interview_date"][r] = pick(BAD_DATES, len(r))
    r = rows_of("alt_date_format")
    d = cols["interview_date"][r].astype(str)
    y, m, dd = (
        pd.Series(d).str.slice(a, b).to_numpy(dtype=object) for a, b in ((0, 4), (5, 7), (8, 10))
    )
    mon = MONTHS[pd.to_numeric(pd.Series(m)).to_numpy(dtype=np.int64)] if len(r) else m
    style = rng.integers(0, 4, len(r))
    cols["interview_date"][r] = np.select(
        [style == 0, style == 1, style == 2],
        [y + "/" + m + "/" + dd, dd + " " + mon + " " + y, y + "-" + m + "-" + dd + "T10:30:00"],
        mon + " " + dd + ", " + y,
    )
    cols["interview_date"][rows_of("missing_date")] = ""
    cols["role_title"][rows_of("missing_role")] = ""
    r = rows_of("bad_rating")
    rating_cols = ["fit_score", "interest_level", *(f"culture_{x}" for x in DIMENSIONS)]
    which = rng.integers(0, len(rating_cols), len(r))
    for i, c in enumerate(rating_cols):
        rr = r[which == i]
        cols[c][rr] = pick(BAD_RATINGS, len(rr))
    r = rows_of("unknown_currency")
    cols["comp_currency"][r] = "XYZ"
    r = rows_of("future_date")
    future = np.datetime64(max(DEFAULT_END, date.today()).isoformat(), "D") + rng.integers(
        30, 400, len(r)
    )
    cols["interview_date"][r] = np.datetime_as_string(future, unit="D").astype(object)
    r = rows_of("value_noise")
    which = rng.integers(0, len(_NOISY_ENUMS), len(r))
    for i, c in enumerate(_NOISY_ENUMS):
        rr = r[which == i]
        val = pd.Series(cols[c][rr], dtype=object).astype(str)
        style = rng.integers(0, 3, len(rr))
        cols[c][rr] = np.select(
            [style == 0, style == 1],
            [
                val.str.upper().to_numpy(dtype=object),
                "  " + val.str.lower().to_numpy(dtype=object) + " ",
            ],
            val.to_numpy(dtype=object) + "   ",
        )
    r = rows_of("country_name")
    for code, variants in COUNTRY_NAMES.items():
        rr = r[cols["country"][r] == code]
        cols["country"][rr] = pick(variants, len(rr))
    r = rows_of("bad_phone")
    cols["phone"][r] = pick(BAD_PHONES, len(r))

    # exact duplicates and re-exported edited rows (same candidate, date, interviewer, role)
    clean = np.flatnonzero(kind == -1)
    pool = clean if len(clean) else np.arange(n)
    dup_src = pool[rng.integers(0, len(pool), n_dup)]
    ident = clean[cols["email"][clean] != ""]
    ident = ident if len(ident) else pool
    edit_src = ident[rng.integers(0, len(ident), n_edit)]
    out = pd.DataFrame(cols, dtype=object)
    edits = out.iloc[edit_src].copy()
    field = rng.integers(0, 6, n_edit)
    e = {
        c: edits[c].to_numpy(dtype=object).copy()
        for c in ("notes", "pool_status", "fit_score", "interest_level", "tags", "comp")
    }
    e["notes"] = np.where(field == 0, e["notes"] + " Updated after a follow-up call.", e["notes"])
    e["pool_status"] = np.where(
        field == 1,
        np.where(e["pool_status"] == "Contacted", "Nurture", "Contacted"),
        e["pool_status"],
    )
    fit = pd.to_numeric(pd.Series(e["fit_score"]), errors="coerce").fillna(3).to_numpy()
    e["fit_score"] = np.where(field == 2, _s(np.where(fit >= 5, 4, fit + 1)), e["fit_score"])
    intr = pd.to_numeric(pd.Series(e["interest_level"]), errors="coerce").fillna(3).to_numpy()
    e["interest_level"] = np.where(
        field == 3, _s(np.where(intr <= 1, 2, intr - 1)), e["interest_level"]
    )
    e["tags"] = np.where(
        field == 4, np.where(e["tags"] == "", "priority", e["tags"] + ", priority"), e["tags"]
    )
    e["comp"] = np.where(field == 5, e["comp"] + " (updated)", e["comp"])
    for c, a in e.items():
        edits[c] = a
    key = np.concatenate(
        [
            np.arange(n, dtype=float),
            dup_src + rng.integers(1, 60, n_dup) + 0.5,
            edit_src + rng.random(n_edit) * n * 0.3 + 0.5,
        ]
    )
    out = pd.concat([out, out.iloc[dup_src], edits], ignore_index=True)
    out = out.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    counts["duplicates"] = n_dup
    counts["edited"] = n_edit
    return out, counts


# ========================================================================================
# writing
def header_variants(rng: np.random.Generator, rate: float) -> dict[str, str]:
    """canonical name -> header for one file: another synonym and/or case and spacing changes."""
    fields = canonical.all_fields()
    out: dict[str, str] = {}
    for name, header in HEADERS.items():
        text = header
        if rate and rng.random() < rate:
            text = fields[name].synonyms[int(rng.integers(0, len(fields[name].synonyms)))]
        if rate and rng.random() < rate:
            text = [text.upper(), text.lower(), f" {text} ", f"{text}  ", text.title()][
                int(rng.integers(0, 5))
            ]
        out[name] = text
    seen = {h.strip().casefold() for h in out.values()}
    if len(seen) != len(out):  # never two columns with the same header
        out = dict(HEADERS)
    return out


def _typed(series: pd.Series, numeric: bool) -> np.ndarray:
    """Text cells -> Python values for XLSX/JSON: None for empty, numbers where clean."""
    text = series.to_numpy(dtype=object)
    out: np.ndarray = np.where(text == "", None, text)  # type: ignore[call-overload]
    if numeric:
        nums = pd.to_numeric(series.replace("", np.nan), errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(nums)
        whole = ok & (nums == np.floor(nums))
        out[whole] = nums[whole].astype(np.int64).astype(object)
        frac = ok & ~whole
        out[frac] = nums[frac].astype(object)
    return out


def _write(df: pd.DataFrame, path: Path, fmt: str, numeric_cols: set[str]) -> None:
    if fmt == "csv":  # pyarrow: several times faster than DataFrame.to_csv; empty cells unquoted
        table = pa.table(
            {
                c: pa.array(
                    np.where(  # type: ignore[call-overload]
                        df[c].to_numpy(dtype=object) == "", None, df[c].to_numpy(dtype=object)
                    ),
                    type=pa.string(),
                )
                for c in df.columns
            }
        )
        pa_csv.write_csv(table, path, write_options=pa_csv.WriteOptions(quoting_style="needed"))
        return
    values = {c: _typed(df[c], c in numeric_cols) for c in df.columns}
    if fmt == "json":
        typed = pd.DataFrame(values, dtype=object)
        path.write_text(
            typed.to_json(orient="records", force_ascii=False, indent=None), encoding="utf-8"
        )
        return
    import xlsxwriter

    if len(df) >= 1_048_576:
        raise ValueError("an XLSX sheet holds at most 1,048,575 rows: use more files or CSV")
    with xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    ) as book:
        sheet = book.add_worksheet("Responses")
        sheet.write_row(0, 0, list(df.columns))
        for i, row in enumerate(zip(*values.values(), strict=True), start=1):
            sheet.write_row(i, 0, row)


def generate(
    out_dir: Path,
    rows: int = 5000,
    seed: int = 7,
    fmt: str = "csv",
    messy: float = 0.0,
    files: int = 1,
    start: date | None = None,
) -> list[Path]:
    """Write `files` exports (`interviews-<seed>-<i>.<ext>`) holding `rows` rows in all.

    Rows are in interview-date order and split into consecutive files, like weekly exports;
    with messy > 0 each file gets its own header spellings.
    """
    fmt = fmt.lower().strip()
    if fmt not in ("csv", "xlsx", "json"):
        raise ValueError(f"fmt must be csv, xlsx or json, not {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df = generate_frames(rows, seed, messy, start=start)
    canonical_of = {v: k for k, v in HEADERS.items()}
    files = max(1, min(int(files), len(df)))
    paths = []
    bounds = np.linspace(0, len(df), files + 1).astype(int)
    for i in range(files):
        part = df.iloc[bounds[i] : bounds[i + 1]]
        names = header_variants(np.random.default_rng([seed, 2, i]), messy)
        renamed = {h: names[canonical_of[h]] if h in canonical_of else h for h in part.columns}
        numeric = {renamed[h] for h in part.columns if canonical_of.get(h) in NUMERIC_FIELDS}
        path = out_dir / f"interviews-{seed}-{i + 1}.{fmt}"
        _write(part.rename(columns=renamed), path, fmt, numeric)
        paths.append(path)
    return paths


FIXTURE_ROWS, FIXTURE_SEED = 400, 2024


def write_fixture(out_dir: Path) -> list[Path]:
    """tests/data/fixture: the same 400 clean rows as interviews.csv, .xlsx and .json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df = generate_frames(FIXTURE_ROWS, FIXTURE_SEED, 0.0)
    canonical_of = {v: k for k, v in HEADERS.items()}
    numeric = {h for h in df.columns if canonical_of.get(h) in NUMERIC_FIELDS}
    paths = [out_dir / f"interviews.{ext}" for ext in ("csv", "xlsx", "json")]
    for path in paths:
        _write(df, path, path.suffix[1:], numeric)
    return paths
