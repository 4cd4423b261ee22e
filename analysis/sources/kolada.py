"""Kolada (RKA) region × year values: snapshot reader (API client to follow)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.regions import to_region_code
from analysis.validation import TIDY_COLUMNS


def read_snapshot(path: Path) -> pd.DataFrame:
    """Read ``kolada_values.csv`` (kpi, region_code, region, year, gender, value) as a tidy table."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame(
        {
            "source": "kolada",
            "indicator": raw["kpi"],
            "region_code": raw["region_code"].map(to_region_code),
            "year": raw["year"].astype(int),
            "sex": raw["gender"],
            "value": pd.to_numeric(raw["value"]),
            "unit": "",
            "numerator": float("nan"),
            "denominator": float("nan"),
            "ci_low": float("nan"),
            "ci_high": float("nan"),
            "source_file": str(path),
            "source_row": range(2, len(raw) + 2),
        }
    )
    return out[TIDY_COLUMNS]
