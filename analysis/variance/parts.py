"""The variance models of one indicator family, and the join of the families' parts.

The models are fitted per Kolada family (one job each), so a revised value re-fits only its
own family; :func:`join_parts` puts the parts back in analysis-sheet order, and the
σ-convergence words are given after the join, with the multiplicity adjustment over all
indicators (:func:`analysis.variance.sigma_verdicts`). Every model is seeded per indicator,
so a part does not depend on which other indicators are fitted beside it.
"""

from __future__ import annotations

import logging

import pandas as pd

from analysis.variance.convergence import convergence, rank_stability
from analysis.variance.decomposition import decompose, sampling_split
from analysis.variance.scales import select_panels

log = logging.getLogger(__name__)

_META = ("indicator", "name", "family", "unit", "direction")


def family_parts(
    tidy: pd.DataFrame,
    registry: pd.DataFrame,
    family: str,
    *,
    proxy: pd.DataFrame,
    survey_ids: set[str],
    reps: int,
    seed: int,
    confidence: float,
    pandemic_years: tuple[int, ...],
    min_regions: int,
) -> dict[str, pd.DataFrame]:
    """Decomposition, dispersion by year, convergence (before verdicts) and rank stability of
    ``family``'s panels in ``tidy``, by table name (the rule's outputs).

    ``proxy`` (regional respondents, :func:`analysis.variance.respondents_proxy`) splits the
    residual of the survey series in ``survey_ids`` into sampling noise and the rest. Years
    fewer than ``min_regions`` regions report are left out (``models.min_regions``).
    """
    rows, by_year, trends, pairs, intervals = [], [], [], [], []
    for p in select_panels(tidy, registry, min_regions=min_regions):
        if p["family"] != family:
            continue
        meta = {k: p[k] for k in _META}
        result = decompose(
            p["data"], p["scale"], reps=reps, seed=seed, confidence=confidence, pandemic_years=pandemic_years
        )
        result |= {"share_residual_sampling": float("nan"), "share_residual_sampling_deff2": float("nan")}
        if p["indicator"] in survey_ids and p["scale"] == "logit":
            for label, deff in (("", 1.0), ("_deff2", 2.0)):
                frac = sampling_split(p["data"], proxy, result["residual_var"], deff)
                result[f"share_residual_sampling{label}"] = result["share_residual"] * frac
        rows.append({**meta, "note": p["note"], "source": "kolada", **result})
        log.info(
            "%s: region share %.3f, ICC %.3f [%.3f, %.3f]",
            p["indicator"],
            result["share_region"],
            result["icc_region"],
            result.get("icc_region_low", float("nan")),
            result.get("icc_region_high", float("nan")),
        )
        meta["scale"] = p["scale"]
        conv = convergence(p["data"], p["scale"], confidence=confidence)
        by_year.append(conv["by_year"].assign(**meta))
        sigma = {f"sigma_{k}": v for k, v in conv["sigma"].items()}
        naive = {f"sigma_naive_{k}": v for k, v in conv["sigma_naive"].items()}
        beta = {f"beta_{k}": v for k, v in conv["beta"].items()}
        trends.append({**meta, **sigma, **naive, **beta})
        ranks = rank_stability(
            p["data"],
            p["scale"],
            higher_is_better=p["direction"] != "lower_better",
            seed=seed,
            confidence=confidence,
        )
        pairs.append(ranks["pairs"].assign(**meta))
        intervals.append(ranks["intervals"].assign(**meta))
    return {
        "decomposition": pd.DataFrame(rows),
        "dispersion": _concat(by_year),
        "convergence": pd.DataFrame(trends),
        "rank_pairs": _concat(pairs),
        "rank_intervals": _concat(intervals),
    }


def join_parts(parts: list[pd.DataFrame], registry: pd.DataFrame) -> pd.DataFrame:
    """The families' parts of one table as one table, indicators in analysis-sheet order."""
    parts = [p for p in parts if not p.empty]
    if not parts:
        raise ValueError("no family has an indicator with a usable region × year panel")
    order = {i: n for n, i in enumerate(registry["id"])}
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values("indicator", key=lambda s: s.map(order), kind="stable", ignore_index=True)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
