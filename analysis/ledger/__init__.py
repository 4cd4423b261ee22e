"""Reproduction ledger: every figure, table and stated number of reports 001 and 004, checked.

The ledger has one row per element of the report map (``../shared/docs/report-map.md``):
the figures and tables of 001 (Fig 1–76, Tabell 1–25) and 004 (Fig 1–6, Tabell 1–4,
Bilaga 1–5) and the numbers stated in running text (001-P01…P26, 004-P01…P16). For each it
says what the report prints (from the transcriptions), what the compendium gets, how, with
which tolerance, and a **status that is computed, never typed**:

* every comparison (a *check*) puts one report value next to one compendium value and a
  tolerance; it is *within* when ``|compendium − report| <= tolerance`` (or, for a lower
  bound, ``compendium >= report − tolerance``); a missing value on either side is not
  compared;
* an element's status follows from its checks and its transcribed values (see
  :func:`derive_status`): ``reproduced`` (all checks within, at least one against
  independent data), ``reproduced (arithmetic)`` (all within, only the report's own
  numbers), ``consistent (related measure)`` (all within, against another definition in
  independent data), ``partly reproduced``, ``differs`` (none within), ``transcribed only`` (values
  transcribed, nothing to compare them with), ``not reproducible`` (no value in the text)
  and ``no numbers`` (a concept figure or text table).

The committed spec (``data-raw/ledger_spec.csv``) only says which element is checked by
which computation (:data:`CHECKS`, by name) with which tolerance, where the element appears
in the compendium and, as text, why it cannot be checked further. It holds no values and no
statuses.

Claims (``data-raw/claims.csv``) are the reports' statements about direction and size; each
names a rule in :data:`CLAIM_RULES` and its parameters, and gets a verdict computed from the
data: ``stöds``, ``stöds delvis``, ``stöds inte`` or ``kan inte prövas``.

Primary care's cost shares are computed by :mod:`analysis.resources` (``kolada_shares``,
``skr_shares``), not here.

The package is split by job: :mod:`~analysis.ledger.framework` (the one comparison rule,
inputs, spec, status), :mod:`~analysis.ledger.checks_costs`, :mod:`~analysis.ledger.checks_001`
and :mod:`~analysis.ledger.checks_004` (the per-report checks, registered by importing them),
:mod:`~analysis.ledger.build` (the ledger table), :mod:`~analysis.ledger.claims` (the claims
engine) and :mod:`~analysis.ledger.coverage` (which elements the built chapters show). How
the ledger looks on a page is :mod:`analysis.presentation.ledger`.
"""

from analysis.ledger import checks_001, checks_004, checks_costs  # noqa: F401  (register the checks)
from analysis.ledger.build import (
    LEDGER_COLUMNS,
    build_ledger,
    chapter_link,
    check_summary,
    fmt_short,
    status_counts,
    summarise_values,
)
from analysis.ledger.claims import (
    CLAIM_COLUMNS,
    CLAIM_RULES,
    CLAIM_SPEC_COLUMNS,
    REPORT_NAMES,
    VERDICTS,
    evaluate_claims,
    read_claims,
    rule_text,
)
from analysis.ledger.framework import (
    ARITHMETIC,
    CHECK_COLUMNS,
    CHECKS,
    INDEPENDENT,
    MAP_CLASSES,
    METHOD_SV,
    RELATED,
    SPEC_COLUMNS,
    STATUS_SV,
    STATUSES,
    CheckDef,
    Inputs,
    compare,
    derive_method,
    derive_status,
    element_kind,
    is_within,
    parse_checks,
    read_spec,
    register_check,
    run_checks,
    split_element_id,
)

__all__ = [
    "ARITHMETIC",
    "CHECKS",
    "CHECK_COLUMNS",
    "CLAIM_COLUMNS",
    "CLAIM_RULES",
    "CLAIM_SPEC_COLUMNS",
    "CheckDef",
    "INDEPENDENT",
    "RELATED",
    "Inputs",
    "LEDGER_COLUMNS",
    "MAP_CLASSES",
    "METHOD_SV",
    "REPORT_NAMES",
    "SPEC_COLUMNS",
    "STATUSES",
    "STATUS_SV",
    "VERDICTS",
    "build_ledger",
    "chapter_link",
    "check_summary",
    "compare",
    "derive_method",
    "derive_status",
    "element_kind",
    "evaluate_claims",
    "fmt_short",
    "is_within",
    "parse_checks",
    "read_claims",
    "read_spec",
    "register_check",
    "rule_text",
    "run_checks",
    "split_element_id",
    "status_counts",
    "summarise_values",
]
