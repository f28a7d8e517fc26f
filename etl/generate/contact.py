"""How to reach a candidate: names, e-mail addresses, phone numbers, LinkedIn URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from etl.generate.arrays import _flat, _hex8, _s, _zfill
from etl.generate.names import _NSETS, MAIL_DOMAINS, NAMES
from etl.generate.places import _CC, COUNTRIES

if TYPE_CHECKING:
    from etl.generate.people import People

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


def contact(rng: np.random.Generator, col: dict[str, np.ndarray], people: People) -> np.ndarray:
    """Name, e-mail, phone and LinkedIn columns (blank for anonymous people); e-mail per person."""
    person, P, anon_p = people.person, people.n_people, people.anon
    country_p, city_p = people.country, people.city
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
    return email


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
