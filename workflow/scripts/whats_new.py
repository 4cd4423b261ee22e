"""Compare this build's data with the previous build's and store the new state."""

import json
from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.provenance import diff_manifests, value_manifest

sm = snakemake  # noqa: F821
log_to(sm.log[0])
current = value_manifest([pd.read_parquet(p) for p in sm.input.tables])
state = Path(sm.params.state)
meta = {"previous_build": None, "n_values": len(current)}
if state.exists():
    previous = pd.read_parquet(state)
    changes = diff_manifests(previous, current)
    meta["previous_build"] = json.loads(state.with_suffix(".json").read_text())["built"]
else:
    changes = diff_manifests(current.iloc[0:0], current.iloc[0:0])
changes.to_parquet(sm.output.changes, index=False)
meta["n_changes"] = len(changes)
Path(sm.output.meta).write_text(json.dumps(meta, indent=1))
state.parent.mkdir(parents=True, exist_ok=True)
current.to_parquet(state, index=False)
state.with_suffix(".json").write_text(json.dumps({"built": pd.Timestamp.now().isoformat(timespec="seconds")}))
