"""The clean rows: interviews with dates, roles, formats, pay, conditions, answers, pre-screen."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from etl.generate.answers import ask, rate_culture
from etl.generate.arrays import _choice, _fmt, _multi, _pick, _s, _zfill
from etl.generate.careers import SENIORITY
from etl.generate.labels import (
    ARRANGEMENT_LABELS,
    BENEFIT_LABELS,
    BENEFITS_BY_STAGE,
    CREDENTIAL_LABELS,
    FORMAT_LABELS,
    NOTE_ENDINGS,
    NOTE_OPENINGS,
    POOL_LABELS,
    SOURCE_BY_STAGE,
    SOURCE_LABELS,
    TAG_LABELS,
)
from etl.generate.pay import pay
from etl.generate.people import describe, draw_people
from etl.generate.roles import _DEPT, _FAM, FAMILIES, INTERVIEWERS
from etl.generate.schema import EXTRA_COLUMNS, HEADERS


def clean_rows(rng: np.random.Generator, n: int, start: date, span: int) -> pd.DataFrame:
    """n valid interviews from `start` over `span` days, in date order, text cells."""
    people = draw_people(rng, n)
    person, P, anon_p, country_p = people.person, people.n_people, people.anon, people.country
    stage_p, fam_p, sen_p, years_p = people.stage, people.family, people.seniority, people.years

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
    pay(rng, col, days, cc, fam, sen, stage, j)

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

    # ---- culture priorities by career stage ---------------------------------------------
    rate_culture(rng, col, stage)

    # ---- what they asked ---------------------------------------------------------------
    ask(rng, col, stage)

    # ---- the candidate (people arrays, repeated per interview) -------------------------
    describe(rng, col, people, days, source)

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
