"""The candidates: who comes how often, where from, at which stage, and what they do now."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from etl.generate.arrays import _choice, _fmt, _pick
from etl.generate.careers import (
    CHANGER_TITLES,
    EMPLOYERS,
    SENIORITY_BY_STAGE,
    STAGE_LABELS,
    STAGE_WEIGHTS,
    STUDENT_TITLES,
    UNIVERSITIES,
    YEARS_BY_STAGE,
)
from etl.generate.contact import contact
from etl.generate.places import _CC, COUNTRIES
from etl.generate.roles import _DEPT, _FAM, FAMILIES, INTERVIEWERS


class People(NamedTuple):
    """One entry per person; `person` maps each interview row to its person."""

    person: np.ndarray
    n_people: int
    anon: np.ndarray
    country: np.ndarray
    city: np.ndarray
    stage: np.ndarray
    family: np.ndarray
    seniority: np.ndarray
    years: np.ndarray


def draw_people(rng: np.random.Generator, n: int) -> People:
    """People for n interviews: 10 % anonymous, others with 1-3 interviews."""
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
    return People(person, P, anon_p, country_p, city_p, stage_p, fam_p, sen_p, years_p)


def describe(
    rng: np.random.Generator,
    col: dict[str, np.ndarray],
    people: People,
    days: np.ndarray,
    source: np.ndarray,
) -> None:
    """The candidate columns of each interview (people arrays, repeated per interview)."""
    n = len(days)
    person, P, anon_p = people.person, people.n_people, people.anon
    country_p, city_p, stage_p = people.country, people.city, people.stage
    fam_p, years_p = people.family, people.years
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

    email = contact(rng, col, people)
    ident = ~anon_p

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
