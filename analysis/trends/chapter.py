"""The trend results shaped for chapter 14: selections, joins and pivots, no phrasing.

:class:`TrendTables` holds the tables the chapter reads (``results/trends/*.parquet``, the
Kolada tidy table and the analysis sheet) and answers the chapter's questions about them:
which series of a family are modelled, a model's verdict row, per-region verdict counts,
observed and fitted national values, the order of the series in the summary tables, and so
on. Which series a figure shows comes from the analysis sheet (family, provider, the ``did``
roles), never from ids in the chapter. Phrasing is in :mod:`analysis.presentation.trends`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.regions import NAMES
from analysis.registry import ids_for, the_id
from analysis.trends.result import IMPROVED, TREND_TERMS, WORSENED

#: The chapter's families of series, in the order the chapter treats them.
FAMILIES = ("access", "continuity", "trust", "participation", "coordination")

#: Verdict-table specifications of the national and panel models.
NATIONAL_SPECS = ("riket", "panel", "panel_utan_pandemivagor")


@dataclass
class TrendTables:
    """The result tables of the trend rules, with the look-ups chapter 14 needs."""

    estimates: pd.DataFrame
    fitted: pd.DataFrame
    verdicts: pd.DataFrame
    robust: pd.DataFrame
    sensitivity: pd.DataFrame
    did: pd.DataFrame
    gap: pd.DataFrame
    contrasts: pd.DataFrame
    panel: pd.DataFrame
    instruments: pd.DataFrame
    targets: pd.DataFrame
    status: pd.DataFrame
    kolada: pd.DataFrame
    sheet: pd.DataFrame

    def __post_init__(self) -> None:
        if self.robust.index.name != "indicator":
            self.robust = self.robust.set_index("indicator")

    # --- which series -------------------------------------------------------------------

    def kolada_ids(self, family: str) -> list[str]:
        """Kolada series of a family that the sheet marks ``trend`` and that were modelled."""
        ids = ids_for(self.sheet, "trend", "kolada")
        fam = set(self.sheet.loc[self.sheet["family"] == family, "id"])
        modelled = set(self.verdicts.loc[self.verdicts["spec"] == "riket", "indicator"])
        return [i for i in ids if i in fam and i in modelled]

    def vis_id(self, family: str) -> str:
        """The (first) Vården i siffror series of a family."""
        ids = [
            i
            for i in ids_for(self.sheet, "trend", "vis")
            if i in set(self.sheet.loc[self.sheet["family"] == family, "id"])
        ]
        if not ids:
            raise LookupError(f"no Vården i siffror trend series of family {family!r} in the analysis sheet")
        return ids[0]

    def role(self, token: str) -> str:
        """The series with an analysis-sheet role (``did_treated``, ``did_control``)."""
        return the_id(self.sheet, token)

    def name(self, indicator: str) -> str:
        rows = self.verdicts[self.verdicts["indicator"] == indicator]
        if len(rows):
            return str(rows["name_sv"].iloc[0])
        sheet = self.sheet.set_index("id")
        return str(sheet.at[indicator, "name_sv"]) if indicator in sheet.index else indicator

    # --- one model ----------------------------------------------------------------------

    def vrow(self, indicator: str, spec: str = "riket") -> pd.Series:
        """The verdict row of one indicator and specification (empty Series if absent)."""
        rows = self.verdicts[(self.verdicts["indicator"] == indicator) & (self.verdicts["spec"] == spec)]
        return rows.iloc[0] if len(rows) else pd.Series(dtype=object)

    def verdict(self, indicator: str, spec: str = "riket") -> str:
        """The robust verdict of a national or panel series; the model's own verdict otherwise."""
        if spec in ("riket", "panel") and indicator in self.robust.index:
            return str(self.robust.at[indicator, "verdict"])
        r = self.vrow(indicator, spec)
        return str(r.get("verdict", "ej modellerad")) if len(r) else "ej modellerad"

    def terms(self, indicator: str, spec: str) -> pd.DataFrame:
        """The coefficient table of one model, indexed by term."""
        e = self.estimates
        return e[(e["indicator"] == indicator) & (e["spec"] == spec)].set_index("term")

    def region_counts(self, indicator: str) -> dict:
        """Per-region verdicts before and after Benjamini–Hochberg."""
        v = self.verdicts
        reg = v[(v["indicator"] == indicator) & v["spec"].str.startswith("region:")]
        return {
            "better": int((reg["verdict"] == IMPROVED).sum()),
            "worse": int((reg["verdict"] == WORSENED).sum()),
            "better_fdr": int((reg["verdict_fdr"] == IMPROVED).sum()),
            "worse_fdr": int((reg["verdict_fdr"] == WORSENED).sum()),
            "n": len(reg),
        }

    def observed(self, indicator: str) -> pd.DataFrame:
        """National Kolada values (total) of one series, by year."""
        k = self.kolada
        rows = k[(k["indicator"] == indicator) & (k["region_code"] == "00") & (k["sex"] == "T")]
        return rows.sort_values("year")

    def national_fit(self, indicator: str) -> pd.DataFrame:
        """Fitted national curve joined with every observed year; ``in_model`` marks years used."""
        f = self.fitted
        fit = f[(f["indicator"] == indicator) & (f["spec"] == "riket")].sort_values("year")
        obs = self.observed(indicator)[["year", "value"]].rename(columns={"value": "observed"})
        out = fit[["indicator", "year", "fit", "fit_low", "fit_high"]].merge(obs, on="year", how="outer")
        out["indicator"] = indicator
        out["in_model"] = out["year"].isin(fit["year"])
        return out.sort_values("year").reset_index(drop=True)

    def contrast(self, indicator: str, comparison: str) -> pd.Series:
        c = self.contrasts
        rows = c[(c["indicator"] == indicator) & (c["comparison"] == comparison)]
        if rows.empty:
            raise LookupError(f"no contrast {comparison!r} for {indicator}")
        return rows.iloc[0]

    # --- the report's points ------------------------------------------------------------

    def points(self, figures: list[str], total_only: bool = False) -> pd.DataFrame:
        rows = self.panel[self.panel["figure"].isin(figures)]
        return rows[rows["group_type"] == "total"] if total_only else rows

    def pages(self, figures: list[str]) -> list[int]:
        """Printed pages where the figures' values were transcribed."""
        return sorted(self.points(figures)["page"].dropna().astype(int).unique())

    def survey_points(self, figures: list[str]) -> pd.DataFrame:
        """Points of several figures with one label per row (subgroups named)."""
        ps = self.points(figures).copy()
        ps["label"] = ps["label_sv"] + np.where(
            ps["group_type"] == "total", "", " – " + ps["group"].astype(str)
        )
        return ps

    def need_and_access(self) -> dict[str, float]:
        """001 Fig 40: share who need a fast läkare, shares with one given need and without, and
        the total share with one implied by them (``need * with + (1 - need) * without``)."""
        pts = self.points(["Fig 40"])
        need = float(pts.loc[pts["group_type"] == "total", "value"].iloc[0])
        groups = pts[pts["group_type"] == "need"].set_index("group")["value"]
        with_need, without = float(groups["Behöver fast läkare"]), float(groups["Behöver inte fast läkare"])
        total = (need * with_need + (100 - need) * without) / 100
        return {"need": need, "with_need": with_need, "without_need": without, "total": total}

    def fast_lakare(self) -> pd.DataFrame:
        """Dated fast-läkare measurements; the report's two 2024 surveys named by panel."""
        dated = self.instruments[self.instruments["year"].notna()].copy()
        fig41 = dated["element"] == "Fig 41"
        dated.loc[fig41, "instrument"] = dated.loc[fig41, "group"] + " 2024 (figur 41)"
        return dated

    # --- regional models ----------------------------------------------------------------

    def regional_latest(self, indicator: str) -> pd.DataFrame:
        """Observed values per region and sex in the last year of a pooled regional model."""
        f = self.fitted
        rows = f[(f["indicator"] == indicator) & (f["spec"] == "regioner_fe") & f["in_data"]]
        cur = rows[rows["year"] == rows["year"].max()].copy()
        cur["region"] = cur["region_code"].map(NAMES)
        return cur

    def regional_mean(self, indicator: str) -> pd.DataFrame:
        """Mean over regions of observed and fitted values, per sex and year (pooled model)."""
        f = self.fitted
        rows = f[(f["indicator"] == indicator) & (f["spec"] == "regioner_fe")]
        return rows.groupby(["sex", "year"], as_index=False)[["observed", "fit"]].mean()

    def region_slopes(self, indicators: list[str]) -> pd.DataFrame:
        """Per-region post-reform slopes of several series, with region names."""
        v = self.verdicts
        rr = v[v["indicator"].isin(indicators) & v["spec"].str.startswith("region:")].copy()
        rr["region"] = rr["spec"].str.removeprefix("region:").map(NAMES)
        return rr

    # --- summary tables -----------------------------------------------------------------

    def chapter_series(self) -> pd.DataFrame:
        """Robust rows of the chapter's families (system series are chapter 15's), in order."""
        rb = self.robust.reset_index()
        rb = rb[rb["family"].isin(FAMILIES)].copy()
        rb["order"] = rb["family"].map({k: i for i, k in enumerate(FAMILIES)})
        return rb.sort_values(["order", "kind", "indicator"]).drop(columns="order")

    def verdicts_by_family(self) -> pd.DataFrame:
        """Number of series per family and verdict word (families as rows)."""
        rb = self.chapter_series()
        return rb.groupby("family")["verdict"].value_counts().unstack(fill_value=0)

    def sensitivity_rows(self) -> pd.DataFrame:
        """Every variant of every series, chapter series first, with name and reading scale."""
        rb = self.chapter_series()
        sv = self.sensitivity.merge(
            self.robust[["name_sv", "pp_scale", "last_value", "slope_unit"]],
            left_on="indicator",
            right_index=True,
        )
        order = list(rb["indicator"]) + [i for i in self.robust.index if i not in set(rb["indicator"])]
        sv["order"] = sv["indicator"].map({k: i for i, k in enumerate(order)})
        return sv.sort_values("order", kind="stable").drop(columns="order")

    def model_terms(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The trend terms of the national and panel models: (long rows, one row per model).

        The wide table has one column per trend term holding ``(estimate, low, high)`` and the
        model's n, variance approach, dispersion and dropped terms, in verdict-table order.
        """
        e = self.estimates
        m = e[e["spec"].isin(NATIONAL_SPECS) & (e["term_type"] == "trend")].copy()
        m = m.merge(self.verdicts[["indicator", "spec", "name_sv"]], on=["indicator", "spec"], how="left")
        m["cell"] = list(zip(m["estimate"], m["ci_low"], m["ci_high"], strict=True))
        keys = ["name_sv", "spec"]
        wide = m.pivot_table(index=keys, columns="term", values="cell", aggfunc="first")
        wide = wide.reindex(columns=list(TREND_TERMS))
        info = m.drop_duplicates(keys).set_index(keys)[["n_obs", "variance", "dispersion", "dropped_terms"]]
        wide = wide.join(info).reset_index()
        order = self.verdicts.drop_duplicates(keys)[keys].reset_index(drop=True)
        order["o"] = range(len(order))
        wide = wide.merge(order, on=keys).sort_values("o").drop(columns="o")
        return m.drop(columns="cell"), wide.reset_index(drop=True)
