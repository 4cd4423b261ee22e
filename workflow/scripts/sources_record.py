"""Every declared source (config data.sources) with the fingerprint of each file the build read.

Kolada may come from the API: with no snapshot file, its entry is the tidy rule's record.
"""

import json
from pathlib import Path

from analysis.config import log_to
from analysis.coverage import source_record

sm = snakemake  # noqa: F821
log_to(sm.log[0])
declared = sm.params.sources
named = set(sm.input.keys())  # Namedlist: `in` would test the values, not the names
files = {name: list(sm.input[name]) for name in declared if name in named}
kolada = {"kolada": json.loads(Path(sm.input.kolada_meta).read_text(encoding="utf-8"))}
record = source_record(declared, files, kolada)
Path(sm.output[0]).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
