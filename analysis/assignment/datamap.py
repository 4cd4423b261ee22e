"""Question 6: which data would answer the assignment, who holds them, and are they public?

The map is a committed table (``data-raw/assignment_datamap.csv``), one row per dataset,
written by hand from the assignment and the compendium's own gaps. :func:`validate_datamap`
checks its schema so that a broken edit stops the build with a clear list of problems.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["question", "dataset", "holder", "level", "years", "answers", "public", "in_compendium"]
YES_NO = {"public": {"ja", "nej", "delvis"}, "in_compendium": {"ja", "nej"}}
QUESTIONS = set(range(1, 7))

#: Swedish column headings for the chapter's table.
HEADINGS = {
    "question": "Fråga",
    "dataset": "Data",
    "holder": "Ansvarig",
    "level": "Nivå",
    "years": "År",
    "answers": "Vad data skulle besvara",
    "public": "Offentliga",
    "in_compendium": "I kompendiet",
}


def validate_datamap(df: pd.DataFrame) -> pd.DataFrame:
    """Return the table if it follows the schema; raise ``ValueError`` listing every problem."""
    problems = []
    missing = [c for c in COLUMNS if c not in df.columns]
    extra = [c for c in df.columns if c not in COLUMNS]
    if missing or extra:
        raise ValueError(f"data map columns: missing {missing}, unexpected {extra}")
    for i, row in df.iterrows():
        line = i + 2  # header = line 1
        q = pd.to_numeric(row["question"], errors="coerce")
        if q not in QUESTIONS:
            problems.append(f"line {line}: question {row['question']!r} is not 1–6")
        for col in COLUMNS[1:6]:
            if pd.isna(row[col]) or not str(row[col]).strip():
                problems.append(f"line {line}: {col} is empty")
        for col, allowed in YES_NO.items():
            if row[col] not in allowed:
                problems.append(f"line {line}: {col} = {row[col]!r}, expected one of {sorted(allowed)}")
    dup = df[df.duplicated(["question", "dataset"], keep=False)]
    for _, row in dup.iterrows():
        problems.append(f"duplicate dataset for question {row['question']}: {row['dataset']!r}")
    covered = set(pd.to_numeric(df["question"], errors="coerce").dropna().astype(int))
    if QUESTIONS - covered:
        problems.append(f"no dataset for question(s) {sorted(QUESTIONS - covered)}")
    if problems:
        raise ValueError("data map problems:\n" + "\n".join(problems))
    return df.assign(question=df["question"].astype(int))


def load_datamap(path) -> pd.DataFrame:
    """Read and validate the committed data map."""
    return validate_datamap(pd.read_csv(path, dtype=str, keep_default_na=False).astype({"question": str}))
