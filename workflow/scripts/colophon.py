"""Write the colophon: commit, build date, package versions, data snapshot used."""

import json
from pathlib import Path

from analysis.config import log_to
from analysis.provenance import colophon

sm = snakemake  # noqa: F821
log_to(sm.log[0])
info = colophon(Path.cwd(), sm.params.data)
info["commit"] = sm.params.commit
Path(sm.output[0]).write_text(json.dumps(info, ensure_ascii=False, indent=1))
