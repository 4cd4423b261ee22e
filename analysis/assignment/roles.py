"""The analysis-sheet roles each question's model reads, and the panel column each becomes.

The models name roles (column ``role`` of ``data-raw/indicators.csv``), never ids; the sheet
says which series plays each role and ``analysis.registry.as_roles`` turns a tidy table's ids
into these roles. Kept apart from the models (which import statsmodels) so that the workflow
can read them when it parses the rules: each rule declares the Kolada tables of exactly these
series (``kolada_ids(roles=...)``).
"""

from __future__ import annotations

_COSTS = {"cost_primary_care": "pc", "cost_somatic": "somatic", "cost_psychiatric": "psychiatric"}

#: Question 1: costs by care area, population, the share 80+ and beds.
SCENARIOS: dict[str, str] = {**_COSTS, "population": "pop", "share_80plus": "share80", "beds": "beds"}

#: Question 2: costs by care area, the region's finances, the share 80+ and the standard cost.
MECHANISMS: dict[str, str] = {
    **_COSTS,
    "tax_rate": "tax",
    "equity_ratio": "equity",
    "financial_result": "result",
    "balance_result": "result_balance",
    "share_80plus": "share80",
    "standard_cost": "standard_cost",
}

#: Question 3: costs by care area and population.
GRANTS: dict[str, str] = {**_COSTS, "population": "pop"}

#: Questions 4–5: region × year series from the tidy Kolada table.
SHIFT: dict[str, str] = {
    "beds": "beds",
    "readmissions": "readmissions",
    "emergency_visits_80plus": "emergency80",
    "discharge_ready_beds": "discharge_ready_beds",
    "overcrowding": "overcrowding",
}

#: Questions 4–5: series read from their own files in ``kolada_extra/`` (kommun level).
SHIFT_FILES: dict[str, str] = {"home_care_65plus": "hhc", "discharge_ready_days": "discharge_days"}
