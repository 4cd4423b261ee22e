#!/usr/bin/env bash
# Build the whole compendium: data, models, executed chapters, site (_build/html) and PDF
# (_build/latex/god-och-nara-vard.pdf). Extra arguments go to Snakemake, e.g.
#   ./build.sh -n                                    # show the plan only
#   ./build.sh results/notebooks/kap14_patienters_erfarenheter.ipynb   # one chapter
#   ./build.sh --refresh                             # current Kolada values, new dated snapshot
# A killed run is recovered by itself: a stale lock is removed when no Snakemake process works
# in this folder, and incomplete jobs are rerun. The site is swapped in only after a
# successful book build (analysis/book.py), so a failure leaves the previous site in place.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

# True when a Snakemake process (other than this script) runs with this folder as its cwd.
snakemake_running_here() {
  local p cwd argv
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    [ "$cwd" = "$PWD" ] || continue
    argv=$(tr '\0' '\n' <"$p/cmdline" 2>/dev/null | head -2 | xargs -r -n1 basename -- 2>/dev/null) || continue
    if printf '%s\n' "$argv" | grep -qx 'snakemake'; then
      return 0
    fi
  done
  return 1
}

# --refresh: pull current values of every analysis-sheet Kolada indicator from the API into a
# new dated snapshot (snapshots/kolada-<date>/, with manifest.json; analysis/refresh.py), then
# build from it. Snapshot-only series (SCB_*) and the other files stay from the snapshot.
if [ "${1:-}" = "--refresh" ]; then
  shift
  refreshed=$(python -m analysis.refresh)
  echo "build.sh: building from the refreshed snapshot $refreshed" >&2
  set -- --config "data={\"snapshot_dir\": \"$refreshed\"}" "$@"
fi

if [ -n "$(ls -A .snakemake/locks 2>/dev/null)" ]; then
  if snakemake_running_here; then
    echo "build.sh: another Snakemake run is working in $PWD; wait for it to finish." >&2
    exit 1
  fi
  echo "build.sh: removing the lock left by an interrupted run (no Snakemake process holds it)." >&2
  snakemake --unlock --quiet
fi

# Nothing changed since the last complete ./build.sh (every project and snapshot file, the
# build date, the environment; analysis/buildstamp.py): done, without Snakemake's 3 s start.
if [ $# -eq 0 ] && python -m analysis.buildstamp check; then
  echo "build.sh: nothing changed since the last complete build; the site and the PDF are current." >&2
  exit 0
fi

snakemake --cores "${CORES:-all}" --rerun-incomplete "$@"

# Add Snakemake's provenance report to the site (linked from Kolofon) whenever the whole
# compendium is built and up to date, whatever options were passed; not for dry runs or
# commands that build nothing.
for arg in "$@"; do
  case "$arg" in
    -n | --dry-run | --dryrun | --report* | --unlock | --lint* | --list* | --summary | --detailed-summary | \
      --touch | -t | --delete-all-output | --delete-temp-output | --cleanup-metadata | --dag* | --rulegraph* | \
      --filegraph* | --d3dag | -h | --help | --version | -v)
      exit 0
      ;;
  esac
done
# The site is replaced whole whenever the book is rebuilt, so a report still in it is current.
report=_build/html/_static/snakemake-rapport.html
if [ ! -e "$report" ] && snakemake -n "$@" all 2>&1 | grep -q "Nothing to be done"; then
  tmp="_build/.snakemake-rapport.$$.html"
  snakemake --quiet "$@" all --report "$tmp"
  # No local absolute paths on the published site: project and data snapshot paths become relative.
  data_dir=$(python -c 'import yaml; from pathlib import Path; from analysis.config import resolve_snapshot_dir
p, _ = resolve_snapshot_dir(yaml.safe_load(open("config/config.yaml"))["data"]["snapshot_dir"], project_root=Path.cwd())
print(Path(p).resolve() if p else "")' 2>/dev/null || true)
  sed -i "s#$PWD/##g" "$tmp"
  [ -z "$data_dir" ] || sed -i "s#$data_dir/##g" "$tmp"
  mv -f "$tmp" "$report"
fi
# A complete build of the default targets records what it was built from (the fast path above).
[ $# -gt 0 ] || python -m analysis.buildstamp write
