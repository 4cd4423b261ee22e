"""How much of a panel's variation is between regions, between years or residual (ANOVA and
crossed random effects), and how much of the residual is sampling noise."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.regions import RIKET
from analysis.variance.scales import (
    panel,
)


def decompose_two_way(df: pd.DataFrame, scale: str, pandemic_years: tuple[int, ...] = ()) -> dict:
    """Shares of the total sum of squares between regions, between years and residual.

    Sequential sums of squares in both factor orders (``anova_lm(typ=1)``); the reported
    shares are the average of the two orders (Shapley value), so they are order-free and
    sum to one. ``*_rfirst``/``*_yfirst`` give each order; ``order_gap`` their difference
    for the region share. The year share is split into ``share_year_pandemic`` (the
    ``pandemic_years``' part of the between-year sum of squares) and ``share_year_other``,
    because a between-year share is otherwise mostly the pandemic bump.
    """
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    p = panel(df, scale)
    n_r, n_t, n = p["region_code"].nunique(), p["year"].nunique(), len(p)
    if n_r < 3 or n_t < 2:
        raise ValueError(f"too small a panel for a two-way decomposition ({n_r} regions, {n_t} years)")
    data = p.assign(region=p["region_code"], yr=p["year"].astype(str))
    ss_total = float(((data["y"] - data["y"].mean()) ** 2).sum())
    fit_ry = smf.ols("y ~ C(region) + C(yr)", data).fit()
    fit_yr = smf.ols("y ~ C(yr) + C(region)", data).fit()
    a_ry = anova_lm(fit_ry, typ=1)
    a_yr = anova_lm(fit_yr, typ=1)
    ss_r_first, ss_y_after = a_ry.loc["C(region)", "sum_sq"], a_ry.loc["C(yr)", "sum_sq"]
    ss_y_first, ss_r_after = a_yr.loc["C(yr)", "sum_sq"], a_yr.loc["C(region)", "sum_sq"]
    ss_resid = a_ry.loc["Residual", "sum_sq"]
    df_resid = a_ry.loc["Residual", "df"]
    share_r = (ss_r_first + ss_r_after) / 2 / ss_total
    share_t = (ss_y_first + ss_y_after) / 2 / ss_total
    share_e = ss_resid / ss_total
    year_dev = data.groupby("year")["y"].agg(["mean", "size"])
    ss_by_year = year_dev["size"] * (year_dev["mean"] - data["y"].mean()) ** 2
    pandemic_part = float(ss_by_year[ss_by_year.index.isin(pandemic_years)].sum() / ss_by_year.sum())
    return {
        "scale": scale,
        "n_obs": n,
        "n_regions": n_r,
        "n_years": n_t,
        "year_min": int(p["year"].min()),
        "year_max": int(p["year"].max()),
        "balanced": bool(n == n_r * n_t),
        "ss_total": ss_total,
        "share_region": float(share_r),
        "share_year": float(share_t),
        "share_year_pandemic": float(share_t * pandemic_part),
        "share_year_other": float(share_t * (1 - pandemic_part)),
        "share_residual": float(share_e),
        "share_region_rfirst": float(ss_r_first / ss_total),
        "share_region_yfirst": float(ss_r_after / ss_total),
        "share_year_rfirst": float(ss_y_after / ss_total),
        "share_year_yfirst": float(ss_y_first / ss_total),
        "order_gap": float(abs(ss_r_first - ss_r_after) / ss_total),
        "residual_var": float(ss_resid / df_resid) if df_resid > 0 else np.nan,
        "df_residual": float(df_resid),
    }


# ---------------------------------------------------------------------------------------------
# Crossed random effects


@dataclass
class _MixedFit:
    mean: float
    var_region: float
    var_year: float
    var_resid: float
    converged: bool


class CrossedREML:
    """Compact REML fit of y = mu + region + year + e with crossed random intercepts.

    The same restricted likelihood as ``MixedLM`` (tested against it), written for repeated
    refits of one design in the parametric bootstrap: with H = I + Z G Z' (G the variance
    ratios to sigma^2), Woodbury's identity reduces every evaluation to a Cholesky factor of
    the (regions + years)-square matrix G^-1 + Z'Z, and sigma^2 is profiled out. The two
    log variance ratios are optimised within [e^-15, e^8]: with L-BFGS-B for one outcome
    (:meth:`fit`), with batched Newton steps for many (:meth:`fit_many`).
    """

    def __init__(self, r_idx: np.ndarray, t_idx: np.ndarray):
        r_idx, t_idx = np.asarray(r_idx), np.asarray(t_idx)
        self.n = len(r_idx)
        self.n_r, self.n_t = int(r_idx.max()) + 1, int(t_idx.max()) + 1
        z = np.zeros((self.n, self.n_r + self.n_t))
        z[np.arange(self.n), r_idx] = 1.0
        z[np.arange(self.n), self.n_r + t_idx] = 1.0
        self.z = z
        self.ztz = z.T @ z
        self.ztx = z.sum(axis=0)  # Z'X with X a column of ones
        # right-hand sides [Z'X, Z'y, I] of every evaluation; only the Z'y column changes
        k = self.n_r + self.n_t
        self._rhs = np.hstack([np.zeros((k, 2)), np.eye(k)])
        self._rhs[:, 0] = self.ztx
        # the blocks of Z'Z: regions' and years' counts and the region-by-year incidence
        self._count_r, self._count_t = np.diag(self.ztz)[: self.n_r], np.diag(self.ztz)[self.n_r :]
        self._incidence = self.ztz[: self.n_r, self.n_r :]

    def _objective(self, log_ratio: np.ndarray, zty: np.ndarray, sum_y: float, yty: float):
        """-2 x restricted log-likelihood (up to a constant), its gradient, the mean and sigma^2.

        With M = G^-1 + Z'Z: Z'H^-1 a = G^-1 M^-1 Z'a, and tr(H^-1 Z_k Z_k') sums
        1/g_j - [M^-1]_jj / g_j^2 over the columns j of component k.
        """
        from scipy import linalg

        ratio = np.exp(log_ratio)
        gam = np.repeat(ratio, (self.n_r, self.n_t))
        chol = linalg.cho_factor(self.ztz + np.diag(1.0 / gam), lower=True, check_finite=False)
        self._rhs[:, 1] = zty
        sol = linalg.cho_solve(chol, self._rhs, check_finite=False)
        m_x, m_y, m_inv = sol[:, 0], sol[:, 1], sol[:, 2:]
        xhx = self.n - self.ztx @ m_x
        xhy = sum_y - self.ztx @ m_y
        yhy = yty - zty @ m_y
        mean = xhy / xhx
        ypy = yhy - mean * xhy
        sigma2 = ypy / (self.n - 1)
        logdet_h = np.sum(np.log(gam)) + 2 * np.sum(np.log(np.diag(chol[0])))
        value = (self.n - 1) * np.log(sigma2) + logdet_h + np.log(xhx)
        zhx = m_x / gam  # Z'H^-1 X
        zpy = (m_y - mean * m_x) / gam  # Z'P y
        tr = 1.0 / gam - np.diag(m_inv) / gam**2
        blocks = (slice(0, self.n_r), slice(self.n_r, None))
        grad = np.array(
            [
                -(self.n - 1) * np.sum(zpy[k] ** 2) / ypy + np.sum(tr[k]) - np.sum(zhx[k] ** 2) / xhx
                for k in blocks
            ]
        )
        return value, grad * ratio, mean, sigma2

    def _objective_many(self, log_ratio: np.ndarray, zty: np.ndarray, sum_y: np.ndarray, yty: np.ndarray):
        """:meth:`_objective` for many outcome vectors at once (one row each): value, gradient, sigma^2.

        Z'Z has a diagonal region block, so M = G^-1 + Z'Z is inverted through the Schur
        complement S = D_t - N' D_r^-1 N of that block (N the region-by-year incidence): only
        S, years-square, is inverted, for all rows in one array operation.
        """
        ratio = np.exp(log_ratio)
        d_r = self._count_r + 1.0 / ratio[:, :1]  # (rows, regions): the diagonal region block
        d_t = self._count_t + 1.0 / ratio[:, 1:]
        schur = -(self._incidence.T * (1.0 / d_r)[:, None, :]) @ self._incidence
        schur[:, np.arange(self.n_t), np.arange(self.n_t)] += d_t
        s_inv = np.linalg.inv(schur)

        def solve(b_r, b_t):  # M^-1 [b_r; b_t] for every row
            u = b_r / d_r
            m_t = (s_inv @ (b_t - u @ self._incidence)[:, :, None])[:, :, 0]
            return np.concatenate([u - (m_t @ self._incidence.T) / d_r, m_t], axis=1)

        ztx = np.broadcast_to(self.ztx, zty.shape)
        m_x = solve(ztx[:, : self.n_r], ztx[:, self.n_r :])
        m_y = solve(zty[:, : self.n_r], zty[:, self.n_r :])
        # diag(M^-1): 1/d_r + (N S^-1 N')_ii / d_r^2 for regions, diag(S^-1) for years
        nsn = np.sum((self._incidence @ s_inv) * self._incidence, axis=2)
        diag = np.concatenate([1.0 / d_r + nsn / d_r**2, np.diagonal(s_inv, axis1=1, axis2=2)], axis=1)
        gam = np.repeat(ratio, (self.n_r, self.n_t), axis=1)
        xhx = self.n - m_x @ self.ztx
        xhy = sum_y - m_y @ self.ztx
        mean = xhy / xhx
        ypy = yty - np.einsum("bi,bi->b", zty, m_y) - mean * xhy
        with np.errstate(invalid="ignore", divide="ignore"):
            logdet_m = np.sum(np.log(d_r), axis=1) + np.linalg.slogdet(schur)[1]
            value = (self.n - 1) * np.log(ypy / (self.n - 1)) + np.sum(np.log(gam), axis=1)
            value += logdet_m + np.log(xhx)
        zhx, zpy = m_x / gam, (m_y - mean[:, None] * m_x) / gam
        tr = 1.0 / gam - diag / gam**2
        grad = np.stack(
            [
                -(self.n - 1) * np.sum(zpy[:, k] ** 2, axis=1) / ypy
                + np.sum(tr[:, k], axis=1)
                - np.sum(zhx[:, k] ** 2, axis=1) / xhx
                for k in (slice(0, self.n_r), slice(self.n_r, None))
            ],
            axis=1,
        )
        return value, grad * ratio, ypy / (self.n - 1)

    def fit_many(self, ys: np.ndarray, start: tuple[float, float], tol: float = 1e-5) -> pd.DataFrame:
        """REML estimates for many outcome vectors (rows of ``ys``) of this design at once.

        For the parametric bootstrap, where one optimiser per replicate cost most of the
        variance models' time. All rows take projected Newton steps together (the Hessian
        from differences of the exact gradient, backtracking, the bounds of :meth:`fit`), each
        row until its projected gradient is below ``tol`` (below 100 ``tol`` where rounding
        leaves no step that lowers its likelihood). Returns ``var_region, var_year,
        var_residual`` and ``converged`` per row, NaN where a row's likelihood cannot be
        evaluated; tested against :meth:`fit` row by row.
        """
        ys = np.atleast_2d(np.asarray(ys, dtype=float))
        rows, low, high, step_h = len(ys), -15.0, 8.0, 1e-5
        zty, sum_y, yty = ys @ self.z, ys.sum(axis=1), np.einsum("bi,bi->b", ys, ys)

        def evaluate(x, idx):  # value and gradient of the rows idx at x (one row of x each)
            value, grad, _ = self._objective_many(x, zty[idx], sum_y[idx], yty[idx])
            return value, grad

        everyone = np.arange(rows)
        x = np.tile(np.clip(np.log(np.maximum(start, 1e-12)), low, high), (rows, 1))
        value, grad = evaluate(x, everyone)
        ok = np.isfinite(value) & np.isfinite(grad).all(axis=1)
        stalled = np.zeros(rows, dtype=bool)  # no step lowers the likelihood beyond rounding
        descent = np.zeros(rows, dtype=bool)  # the last Newton step failed: a gradient step next
        flat = np.zeros(rows, dtype=bool)
        for _ in range(100):
            free = ~(((x <= low) & (grad > 0)) | ((x >= high) & (grad < 0)))
            projected = np.where(free, grad, 0.0)
            size = np.abs(projected).max(axis=1)
            converged = ok & ((size < tol) | flat | (stalled & (size < 100 * tol)))
            act = np.flatnonzero(ok & ~converged & ~stalled)  # the rows still moving
            if not len(act):
                break
            xa, ga, pa, fa = x[act], grad[act], projected[act], free[act]
            hess = np.stack([(evaluate(xa + step_h * e, act)[1] - ga) / step_h for e in np.eye(2)], axis=2)
            hess = 0.5 * (hess + hess.transpose(0, 2, 1))
            hess = np.where(fa[:, :, None] & fa[:, None, :], hess, np.eye(2))
            # Newton on |H| (eigenvalues by absolute value, bounded away from 0): a descent
            # step where the likelihood is not convex in the log ratios, as near a zero variance
            eig, vec = np.linalg.eigh(hess)
            eig = np.maximum(np.abs(eig), np.maximum(1e-3 * np.abs(eig).max(axis=1, keepdims=True), 1e-8))
            newton = ~descent[act]  # else a gradient step
            inner = np.einsum("bji,bj->bi", vec, pa) / eig
            step = np.where(newton[:, None], -np.einsum("bij,bj->bi", vec, inner), -pa)
            # at most a factor e^2 in a variance ratio per step, in the step's own direction
            step *= np.minimum(1.0, 2.0 / np.maximum(np.abs(step).max(axis=1), 1e-300))[:, None]
            alpha, waiting, before = np.ones(len(act)), np.ones(len(act), dtype=bool), value[act]
            for _ in range(30):
                w = np.flatnonzero(waiting)
                trial = np.clip(xa[w] + alpha[w, None] * step[w], low, high)
                t_value, t_grad = evaluate(trial, act[w])
                accept = np.isfinite(t_value)
                accept &= t_value <= before[w] + 1e-4 * np.sum(pa[w] * (trial - xa[w]), axis=1)
                rows_ok = act[w[accept]]
                x[rows_ok], value[rows_ok], grad[rows_ok] = trial[accept], t_value[accept], t_grad[accept]
                waiting[w[accept]] = False
                if not waiting.any():
                    break
                alpha[waiting] /= 2
            stalled[act] |= waiting & ~newton
            descent[act] = waiting & newton
            # a variance ratio below e^-9 still falling moves to its bound if that is no worse
            # (the likelihood is flat there; creeping towards it took most of the iterations)
            for k in range(2):
                creep = np.flatnonzero(ok & (x[:, k] < -9.0) & (x[:, k] > low) & (grad[:, k] > 0))
                if len(creep):
                    trial = x[creep].copy()
                    trial[:, k] = low
                    t_value, t_grad = evaluate(trial, creep)
                    snap = t_value <= value[creep] + 1e-9 * np.maximum(np.abs(value[creep]), 1.0)
                    rows_ok = creep[snap]
                    x[rows_ok], value[rows_ok], grad[rows_ok] = trial[snap], t_value[snap], t_grad[snap]
            # as L-BFGS-B's ftol: a step that lowers -2 log L by a negligible fraction ends the row
            gain = before - value[act]
            flat[act] |= ~waiting & (gain <= 1e-10 * np.maximum(np.abs(value[act]), 1.0))
        _, _, sigma2 = self._objective_many(x, zty, sum_y, yty)
        ratio = np.exp(x)
        out = pd.DataFrame(
            {
                "var_region": ratio[:, 0] * sigma2,
                "var_year": ratio[:, 1] * sigma2,
                "var_residual": sigma2,
                "converged": converged,
            }
        )
        out.loc[~ok, ["var_region", "var_year", "var_residual"]] = np.nan
        return out

    def fit(self, y: np.ndarray, start: tuple[float, float] | None = None) -> _MixedFit:
        """REML estimates (mean, var_region, var_year, var_residual) for one outcome vector."""
        from scipy import optimize

        y = np.asarray(y, dtype=float)
        zty, sum_y, yty = self.z.T @ y, float(y.sum()), float(y @ y)
        x0 = np.zeros(2) if start is None else np.clip(np.log(np.maximum(start, 1e-12)), -15, 8)
        res = optimize.minimize(
            lambda lr: self._objective(lr, zty, sum_y, yty)[:2],
            x0,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-15.0, 8.0)] * 2,
        )
        _, _, mean, sigma2 = self._objective(res.x, zty, sum_y, yty)
        ratio = np.exp(res.x)
        return _MixedFit(
            float(mean), float(ratio[0] * sigma2), float(ratio[1] * sigma2), float(sigma2), bool(res.success)
        )


def _fit_mixed(data: pd.DataFrame) -> _MixedFit:
    """REML fit with statsmodels MixedLM: one group, variance components for region and year."""
    import statsmodels.formula.api as smf

    model = smf.mixedlm(
        "y ~ 1",
        data,
        groups="g",
        re_formula="0",
        vc_formula={"region": "0 + C(region)", "year": "0 + C(yr)"},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(reml=True)
    vc = dict(zip(model.exog_vc.names, np.asarray(res.vcomp, dtype=float), strict=True))
    return _MixedFit(
        float(res.fe_params.iloc[0]),
        float(vc["region"]),
        float(vc["year"]),
        float(res.scale),
        bool(res.converged),
    )


def _shares(var_r: np.ndarray, var_t: np.ndarray, var_e: np.ndarray) -> tuple[np.ndarray, ...]:
    total = var_r + var_t + var_e
    return var_r / total, var_t / total, var_e / total


def decompose_mixed(
    df: pd.DataFrame,
    scale: str,
    *,
    reps: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict:
    """Variance components for region and year (crossed random effects) and the ICC for region.

    Point estimates: statsmodels ``MixedLM`` REML fit of ``y ~ 1`` with ``vc_formula``
    ``{"region": "0 + C(region)", "year": "0 + C(yr)"}`` in a single group. Intervals: a
    parametric bootstrap with ``reps`` replicates drawn with ``numpy.random.default_rng(seed)``
    — random effects and residuals simulated from the fitted variances, the model refitted
    with :meth:`CrossedREML.fit_many` (the same likelihood, all replicates at once), and
    percentile intervals taken. ``reml_check`` is the largest relative difference between the
    two fits on the observed data (should be ~1e-3 or less).
    """
    p = panel(df, scale)
    data = p.assign(region=p["region_code"], yr=p["year"].astype(str), g=1)
    fit = _fit_mixed(data)
    icc_r, icc_t, icc_e = _shares(np.array(fit.var_region), np.array(fit.var_year), np.array(fit.var_resid))

    _, r_idx = np.unique(data["region"].to_numpy(), return_inverse=True)
    _, t_idx = np.unique(data["yr"].to_numpy(), return_inverse=True)
    fast = CrossedREML(r_idx, t_idx)
    start = (fit.var_region / fit.var_resid, fit.var_year / fit.var_resid)
    check = fast.fit(data["y"].to_numpy(), start=start)
    total = fit.var_region + fit.var_year + fit.var_resid
    reml_check = (
        max(
            abs(check.var_region - fit.var_region),
            abs(check.var_year - fit.var_year),
            abs(check.var_resid - fit.var_resid),
        )
        / total
    )

    rng = np.random.default_rng(seed)
    replicates = []
    for _ in range(reps):
        u_r = rng.normal(0.0, np.sqrt(max(fit.var_region, 0.0)), fast.n_r)
        u_t = rng.normal(0.0, np.sqrt(max(fit.var_year, 0.0)), fast.n_t)
        e = rng.normal(0.0, np.sqrt(fit.var_resid), fast.n)
        replicates.append(fit.mean + u_r[r_idx] + u_t[t_idx] + e)
    fits = fast.fit_many(np.array(replicates), start) if replicates else pd.DataFrame()
    done = fits.dropna() if len(fits) else fits
    failed = reps - len(done)
    boot = done[["var_region", "var_year", "var_residual"]].to_numpy().tolist() if len(done) else []
    alpha = 1 - confidence
    out = {
        "scale": scale,
        "mean": fit.mean,
        "var_region": fit.var_region,
        "var_year": fit.var_year,
        "var_residual": fit.var_resid,
        "icc_region": float(icc_r),
        "icc_year": float(icc_t),
        "icc_residual": float(icc_e),
        "converged": fit.converged,
        "reml_check": float(reml_check),
        "boot_reps": reps,
        "boot_failed": failed,
        "seed": seed,
    }
    if boot:
        arr = np.array(boot)
        sr, st, se = _shares(arr[:, 0], arr[:, 1], arr[:, 2])
        for name, draws in (
            ("icc_region", sr),
            ("icc_year", st),
            ("icc_residual", se),
            ("var_region", arr[:, 0]),
            ("var_year", arr[:, 1]),
            ("var_residual", arr[:, 2]),
        ):
            lo, hi = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
            out[f"{name}_low"], out[f"{name}_high"] = float(lo), float(hi)
    return out


def compare_methods(two_way: dict, mixed: dict) -> dict:
    """Where the fixed-effects share of region and the mixed-model ICC disagree.

    ``disagree`` is True when the ANOVA share lies outside the ICC's bootstrap interval;
    ``diff_region`` = ANOVA share − ICC (positive is expected: see the module docstring).
    """
    share, icc = two_way["share_region"], mixed["icc_region"]
    lo, hi = mixed.get("icc_region_low", np.nan), mixed.get("icc_region_high", np.nan)
    return {
        "diff_region": float(share - icc),
        "disagree": bool(not (lo <= share <= hi)) if np.isfinite(lo) and np.isfinite(hi) else False,
    }


def decompose(df: pd.DataFrame, scale: str, *, pandemic_years: tuple[int, ...] = (), **bootstrap):
    """Both decompositions and their comparison, as one flat dict.

    ``bootstrap`` (``reps``, ``seed``, ``confidence``) goes to :func:`decompose_mixed` unchanged.
    """
    tw = decompose_two_way(df, scale, pandemic_years)
    mx = decompose_mixed(df, scale, **bootstrap)
    mixed_cols = {k: v for k, v in mx.items() if k != "scale"}
    return {**tw, **mixed_cols, **compare_methods(tw, mx)}


# ---------------------------------------------------------------------------------------------
# Convergence


def respondents_proxy(national: pd.Series, population: pd.DataFrame) -> pd.DataFrame:
    """Proxy respondents per region and year for a national survey without published regional n.

    ``national``: respondents per year (:func:`analysis.sources.hsb.read_hsb_respondents`);
    years without a count get the median of the known years. ``population``: the tidy
    population rows (``region_code, year, value``); regions get the national count in
    proportion to their population. The proxy assumes sampling proportional to population,
    which over-states n in small regions if they were over-sampled (so the sampling share
    below is a lower bound there) and is shown with a design-effect sensitivity.
    """
    from analysis.sources.hsb import respondents_by_year

    pop = population[population["region_code"] != RIKET][["region_code", "year", "value"]].copy()
    share = pop["value"] / pop.groupby("year")["value"].transform("sum")
    n_year = respondents_by_year(national, pop["year"]).to_numpy()
    return pop.assign(n=share * n_year)[["region_code", "year", "n"]]


def sampling_split(df: pd.DataFrame, n: pd.DataFrame, residual_var: float, deff: float = 1.0) -> float:
    """Share of the two-way model's residual variance that binomial sampling noise explains.

    On the logit scale a share p from n respondents has sampling variance about
    ``deff / (n p (1 − p))``; its mean over the region × year cells, divided by the residual
    variance, is the part of the "region-specific change" that is only sampling noise
    (capped at 1). ``n`` has ``region_code, year, n``.
    """
    p = panel(df, "logit").merge(n, on=["region_code", "year"], how="inner")
    if p.empty or not np.isfinite(residual_var) or residual_var <= 0:
        return np.nan
    q = (p["value"] / 100).clip(0.001, 0.999)
    sampling = deff / (p["n"] * q * (1 - q))
    return float(min(1.0, sampling.mean() / residual_var))
