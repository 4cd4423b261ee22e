"""Truncated files and absurd values stop the build, naming file, row and value (synthetic data)."""

import numpy as np
import pandas as pd
import pytest

from analysis.validation import DataValidationError, require_complete_file, validate_tidy

KOLADA_HEADER = "kpi,region_code,region,year,gender,value\n"


def test_complete_file_passes(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(KOLADA_HEADER + "N70061,0013,Halland,2020,T,6.2\n")
    require_complete_file(path)
    (tmp_path / "crlf.csv").write_bytes(b"a,b\r\n1,2\r\n")
    require_complete_file(tmp_path / "crlf.csv")


def test_file_cut_inside_its_last_number_names_file_and_row(tmp_path):
    path = tmp_path / "kolada_values.csv"
    path.write_text(KOLADA_HEADER + "N70061,0013,Halland,2020,T,31000\nU70447,0013,Halland,2020,T,6")
    with pytest.raises(DataValidationError) as err:
        require_complete_file(path)
    (problem,) = err.value.problems
    assert problem.file == str(path) and problem.row == 3
    assert problem.value == "U70447,0013,Halland,2020,T,6"
    assert "looks truncated" in str(err.value) and "row 3" in str(err.value)


def tidy(values, unit="kr/inv", **extra):
    n = len(values)
    frame = pd.DataFrame(
        {
            "source": "test",
            "indicator": [f"X{i}" for i in range(n)],
            "region_code": "01",
            "year": 2020,
            "sex": "T",
            "value": values,
            "unit": unit,
            "numerator": np.nan,
            "denominator": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "source_file": "synthetic.csv",
            "source_row": list(range(2, n + 2)),
        }
    )
    return frame.assign(**extra)


def test_plausible_extremes_pass():
    validate_tidy(tidy([0.0, 47154.0, 999_999.0]))
    validate_tidy(tidy([-4674.1, 15909.2], unit="kr/inv (netto)"))
    validate_tidy(tidy([10_587_710.0], unit="antal"))


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (1e15, "kr/inv"),
        (-2e6, "kr/inv (netto)"),
        (np.inf, "antal"),
        (5e11, "antal"),
        (2e8, "antal/100 000 inv"),
    ],
)
def test_absurd_value_names_row_and_value(value, unit):
    with pytest.raises(DataValidationError) as err:
        validate_tidy(tidy([100.0, value], unit=unit))
    (problem,) = err.value.problems
    assert problem.row == 3 and problem.column == "value" and problem.value == value
    assert "absurd" in problem.expected


def test_infinite_denominator_is_refused():
    with pytest.raises(DataValidationError, match="denominator"):
        validate_tidy(tidy([50.0], unit="procent", numerator=[5.0], denominator=[np.inf]))
