"""Small vectorised helpers: numbers to text, weighted picks and multi-label strings."""

from __future__ import annotations

import unicodedata

import numpy as np


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
