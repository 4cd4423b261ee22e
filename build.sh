#!/usr/bin/env bash
# Build the whole compendium: data, models, executed chapters, site (_build/html) and PDF
# (_build/latex/god-och-nara-vard.pdf). Extra arguments go to Snakemake, e.g.
#   ./build.sh -n                                    # show the plan only
#   ./build.sh results/notebooks/kap14_patienters_erfarenheter.ipynb   # one chapter
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
snakemake --cores "${CORES:-all}" "$@"
# After a full build, add Snakemake's provenance report to the site (linked from Kolofon).
if [ $# -eq 0 ]; then
  snakemake --quiet all --report _build/html/_static/snakemake-rapport.html
fi
