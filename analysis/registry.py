"""The analysis sheet (``data-raw/indicators.csv``): which indicators are analysed, and how.

Like a Snakemake catalog's sample sheet, this file decides what the workflow does: rules,
models and chapter look-ups read it, and no indicator id is written anywhere else in code.
Adding an indicator is one row (see ``docs/developing.md``). One row per indicator id with its Swedish title, analysis family, tidy unit, the direction
that counts as better, the survey/register behind it, whether its denominator is known,
the first year with data in the snapshot, known series breaks and a note. Every reader takes
its units from here (``units_by_id``), so a unit is written down once and checked
everywhere. ``load_registry`` refuses a malformed file with errors naming file, row, column.

Column meanings:

- ``unit``: tidy unit string, one of :data:`UNITS` (extend the set when a new unit is needed,
  so typos such as ``"procnet"`` are caught).
- ``denominator_known``: ``true`` when the base of the value (respondents, patients,
  population) is published or derivable from series in the registry, so counts or sampling
  error can be reconstructed; ``false`` otherwise (e.g. survey shares in Kolada).
- ``first_year``: first year with data in the snapshot (Kolada may hold older years).
- ``breaks``: ``"YYYY: what changed"`` items separated by ``"; "``, empty if none known.
  Trend models end the series before the first break.
- ``provider``: :data:`PROVIDERS`; ``kolada`` series are fetched from the API, ``scb`` ones
  only exist in the snapshot, ``vis`` ones come from the Vården i siffror export.
- ``waves``: survey waves with a known change of method, season or an unexplained jump, in
  the ``breaks`` format; the robust verdict's sensitivity set leaves them out.
- ``goal``: which of the report's nine goals (:data:`GOALS`, ``data-raw/goals.csv``) the
  series evidences, empty if none.
- ``analyses``: :data:`ANALYSES` that apply, separated by ``";"``.
- ``role``: the part the series plays in a model formula or check (``cost_primary_care``,
  ``beds``, ``tax_rate``, ...), empty if none; at most one series per role. Modules name
  roles, never ids, and look the series up with :func:`role_ids`, so the formula stays in the
  module and the sheet says which series fills each part.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.presentation.text import reader_title
from analysis.validation import DataValidationError, Problem

COLUMNS: list[str] = [
    "id",
    "name_sv",
    "family",
    "unit",
    "direction",
    "source",
    "provider",
    "denominator_known",
    "first_year",
    "breaks",
    "waves",
    "goal",
    "analyses",
    "role",
    "note",
]

FAMILIES: tuple[str, ...] = (
    "access",
    "continuity",
    "trust",
    "participation",
    "coordination",
    "system",
    "resources",
    "finance",
    "population",
)
#: Families that are model inputs (population, the regions' finances), not care indicators:
#: the regional variance models leave them out.
MODEL_INPUT_FAMILIES: tuple[str, ...] = ("population", "finance")
DIRECTIONS: tuple[str, ...] = ("higher_better", "lower_better", "neutral")
UNITS: frozenset[str] = frozenset(
    {
        "procent",
        "kr/inv",
        "antal",
        "antal/100 000 inv",
        "antal/1 000 inv",
        "antal/100 vårdplatser",
        "vårddygn/1 000 inv",
        "dagar",
    }
)

#: Who serves the series: the Kolada API, SCB series copied into the Kolada snapshot, a
#: Vården i siffror export, or one of the Kolada files in the snapshot's ``kolada_extra/``
#: (kommun level, DDF layout; each file named in ``config.yaml``).
PROVIDERS: tuple[str, ...] = ("kolada", "scb", "vis", "kolada_extra")
#: Providers whose series are read into the tidy Kolada table (``tidy_kolada``).
KOLADA_TABLE_PROVIDERS: tuple[str, ...] = ("kolada", "scb")

#: The report's nine goals (Vårdanalys 2025, Tabell 1), keys of ``data-raw/goals.csv``.
GOALS: tuple[str, ...] = (
    "tillganglighet",
    "delaktighet",
    "kontinuitet",
    "nara",
    "samordning",
    "nav",
    "forebyggande",
    "starkt",
    "effektivitet",
)

#: What the workflow does with a series (``analyses``, separated by ``;``):
#: ``trend`` trend models and robust verdicts (chapter 14); ``profile`` region profiles;
#: ``system`` the system series of chapter 15; ``key`` one of the government's key indicators;
#: ``did_treated`` / ``did_control`` the primary-care series and its within-survey control
#: (trust gap and difference-in-differences); ``population_total`` the population series that
#: per-inhabitant rates and respondent proxies are divided by; ``region_icc`` the series whose
#: share of variation between regions (ICC) the chapter *Regionala skillnader* quotes.
ANALYSES: tuple[str, ...] = (
    "trend",
    "profile",
    "system",
    "key",
    "did_treated",
    "did_control",
    "population_total",
    "region_icc",
)

#: Ids that exist only in the snapshot (SCB series copied alongside Kolada), not in the API.
SNAPSHOT_ONLY_PREFIX = "SCB_"

_ID_RE = r"^([A-Z][A-Z0-9_]*[A-Z0-9]|vis:[a-z0-9_]+)$"
_ANALYSES_RE = r"^$|^(" + "|".join(ANALYSES) + r")(;(" + "|".join(ANALYSES) + r"))*$"
_BREAKS_RE = r"^$|^\d{4}: [^;]+(; \d{4}: [^;]+)*$"
_ROLE_RE = r"^$|^[a-z][a-z0-9_]*[a-z0-9]$"


def _roles_unique(roles: pd.Series) -> pd.Series:
    """True for each row whose role is empty or not shared with another row."""
    return (roles == "") | ~roles.duplicated(keep=False)


REGISTRY_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column(str, [pa.Check.str_matches(_ID_RE)], unique=True),
        "name_sv": pa.Column(str, pa.Check.str_length(min_value=1)),
        "family": pa.Column(str, pa.Check.isin(list(FAMILIES))),
        "unit": pa.Column(str, pa.Check.isin(sorted(UNITS))),
        "direction": pa.Column(str, pa.Check.isin(list(DIRECTIONS))),
        "source": pa.Column(str, pa.Check.str_length(min_value=1)),
        "provider": pa.Column(str, pa.Check.isin(list(PROVIDERS))),
        "denominator_known": pa.Column(str, pa.Check.isin(["true", "false"])),
        "first_year": pa.Column(str, pa.Check.str_matches(r"^(19|20)\d{2}$")),
        "breaks": pa.Column(str, pa.Check.str_matches(_BREAKS_RE)),
        "waves": pa.Column(str, pa.Check.str_matches(_BREAKS_RE)),
        "goal": pa.Column(str, pa.Check.isin(["", *GOALS])),
        "analyses": pa.Column(str, pa.Check.str_matches(_ANALYSES_RE)),
        "role": pa.Column(
            str, [pa.Check.str_matches(_ROLE_RE), pa.Check(_roles_unique, name="role_used_once")]
        ),
        "note": pa.Column(str),
    },
    strict=True,
)

_EXPECTED = {
    "id": "a unique upper-case id such as U70447 or SCB_FOLKMANGD, or vis:<slug>",
    "provider": "one of " + ", ".join(PROVIDERS),
    "waves": "empty or 'YYYY: why the wave is special' items separated by '; '",
    "goal": "empty or one of " + ", ".join(GOALS),
    "analyses": "empty or some of " + ", ".join(ANALYSES) + " separated by ';'",
    "role": "empty or a lower-case name such as cost_primary_care, not used by another row",
    "name_sv": "the Swedish title (not empty)",
    "family": "one of " + ", ".join(FAMILIES),
    "unit": "one of "
    + ", ".join(f"'{u}'" for u in sorted(UNITS))
    + " (extend registry.UNITS for a new unit)",
    "direction": "one of " + ", ".join(DIRECTIONS),
    "source": "the survey or register (not empty)",
    "denominator_known": "'true' or 'false'",
    "first_year": "a four-digit year",
    "breaks": "empty or 'YYYY: what changed' items separated by '; '",
}


def load_registry(path: Path | str) -> pd.DataFrame:
    """Read and validate the registry; raise :class:`DataValidationError` naming file, row, column.

    Returns the columns of :data:`COLUMNS` with ``denominator_known`` as bool,
    ``first_year`` as int and ``name_sv`` with the dash readers see (:func:`reader_title`),
    in file order.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in raw.columns]
    extra = [c for c in raw.columns if c not in COLUMNS]
    if missing or extra:
        found = ", ".join(raw.columns)
        problems = [
            Problem(str(path), 1, c, "<missing>", f"this column in the header (found: {found})")
            for c in missing
        ]
        problems += [Problem(str(path), 1, c, c, "only the columns " + ", ".join(COLUMNS)) for c in extra]
        raise DataValidationError(problems, str(path))
    raw = raw[COLUMNS]
    try:
        REGISTRY_SCHEMA.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            row = int(case.index) + 2 if pd.notna(case.index) else None
            column = str(case.column)
            expected = _EXPECTED.get(column, str(case.check))
            if "unique" in str(case.check) or "duplicate" in str(case.check):
                expected = "a unique id; this id occurs more than once"
            problems.append(Problem(str(path), row, column, case.failure_case, expected))
        problems.sort(key=lambda p: (p.row or 0, p.column))
        raise DataValidationError(problems, str(path)) from None
    out = raw.copy()
    out["denominator_known"] = out["denominator_known"] == "true"
    out["first_year"] = out["first_year"].astype(int)
    out["name_sv"] = out["name_sv"].map(reader_title)
    return out.reset_index(drop=True)


def units_by_id(registry: pd.DataFrame) -> dict[str, str]:
    """Indicator id -> tidy unit, the mapping ``validate_tidy(units=...)`` expects."""
    return dict(zip(registry["id"], registry["unit"], strict=True))


def ids_by_family(registry: pd.DataFrame, *families: str) -> list[str]:
    """Ids of the given families in registry order; raises on an unknown family name."""
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown family {unknown}; expected some of {', '.join(FAMILIES)}")
    return registry.loc[registry["family"].isin(families), "id"].tolist()


def ids_for(registry: pd.DataFrame, analysis: str, provider: str | None = None) -> list[str]:
    """Ids whose ``analyses`` list ``analysis`` (optionally of one provider), in sheet order."""
    if analysis not in ANALYSES:
        raise ValueError(f"unknown analysis {analysis!r}; expected one of {', '.join(ANALYSES)}")
    mask = registry["analyses"].str.split(";").map(lambda items: analysis in items)
    if provider is not None:
        mask &= registry["provider"] == provider
    return registry.loc[mask, "id"].tolist()


def the_id(registry: pd.DataFrame, analysis: str) -> str:
    """The single id marked with ``analysis`` (e.g. ``did_treated``); raises unless exactly one."""
    ids = ids_for(registry, analysis)
    if len(ids) != 1:
        raise ValueError(f"the analysis sheet must mark exactly one series {analysis!r}, found {ids}")
    return ids[0]


def role_ids(registry: pd.DataFrame, roles) -> dict[str, str]:
    """Role -> id of the series playing each of ``roles`` (in the order given).

    Raises :class:`ValueError` naming every role no row of the sheet plays, so a model never
    runs with a part of its formula missing.
    """
    by_role = dict(zip(registry["role"], registry["id"], strict=True))
    missing = [r for r in roles if r not in by_role or not r]
    if missing:
        raise ValueError(f"no series of the analysis sheet has the role {missing} (column 'role')")
    return {r: by_role[r] for r in roles}


def as_roles(tidy: pd.DataFrame, series: dict[str, str]) -> pd.DataFrame:
    """The rows of ``series``' ids (role -> id) with ``indicator`` replaced by the role.

    Lets a model select its inputs by role in a tidy table whatever ids the sheet assigns.
    Raises :class:`ValueError` naming every role whose series has no row (a rule that does not
    declare the series' table, or a source without it), instead of a model run on gaps.
    """
    to_role = {i: r for r, i in series.items()}
    absent = [f"{r} ({i})" for r, i in series.items() if not (tidy["indicator"] == i).any()]
    if absent:
        raise ValueError(f"no values for the roles {', '.join(absent)}; does the rule declare their table?")
    out = tidy[tidy["indicator"].isin(to_role)].copy()
    out["indicator"] = out["indicator"].map(to_role)
    return out


def special_waves(registry: pd.DataFrame, indicator: str) -> list[int]:
    """Years of the waves the sheet flags for ``indicator`` (own shock or excluded in sensitivity)."""
    row = registry.loc[registry["id"] == indicator, "waves"]
    return [year for year, _ in parse_breaks(row.iloc[0])] if len(row) else []


def api_ids(ids: list[str] | pd.Series) -> list[str]:
    """The ids that the live Kolada API can serve (drops snapshot-only ``SCB_*`` series)."""
    return [i for i in ids if not str(i).startswith(SNAPSHOT_ONLY_PREFIX)]


def parse_breaks(text: str) -> list[tuple[int, str]]:
    """``"2024: metodbyte; 2019: x"`` -> ``[(2024, "metodbyte"), (2019, "x")]``; empty or missing -> ``[]``."""
    if not isinstance(text, str) or not text.strip():
        return []
    return [(int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"(\d{4}): ([^;]+)", text)]


def break_years(text: str | None) -> list[int]:
    """Years of the series breaks in a ``breaks`` field (``"2024: metodbyte"`` -> ``[2024]``)."""
    return sorted(year for year, _ in parse_breaks(text))
