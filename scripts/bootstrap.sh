#!/usr/bin/env bash
# Prepare a machine for building and testing the compendium (called by build.sh and
# run-tests.sh; safe to run repeatedly):
#   1. Debian packages for the PDF (XeLaTeX), PDF text extraction and the browser tests;
#      installed with apt-get when running as root, otherwise the exact command is printed.
#   2. A virtual environment in .venv with the locked Python packages (requirements.lock)
#      and the project itself in editable mode; reinstalled only when the lock file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-lang-european
  latexmk fonts-freefont-otf poppler-utils chromium
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && SUDO="sudo -n"; }
  if { [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; } && command -v apt-get >/dev/null; then
    echo ">> Installing Debian packages: ${missing[*]} (about 750 MB, a minute or two)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "ERROR: these Debian packages are needed and cannot be installed without root/apt:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
"$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"' || {
  echo "ERROR: Python 3.11 is required (found $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
}
if [ ! -x .venv/bin/python ]; then
  echo ">> Creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
# The stamp also covers this script, so a changed install procedure reinstalls.
lock_hash=$(sha256sum requirements.lock pyproject.toml scripts/bootstrap.sh | sha256sum | cut -c1-16)
if [ "$(cat .venv/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo ">> Installing locked Python packages (requirements.lock)"
  .venv/bin/python -m pip install -q --disable-pip-version-check uv==0.13.9
  # Compile bytecode at install time: machines that set PYTHONDONTWRITEBYTECODE would
  # otherwise recompile every module in every process (seconds per chapter kernel).
  .venv/bin/uv pip sync -q --compile-bytecode --python .venv/bin/python requirements.lock
  .venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
  echo "$lock_hash" > .venv/.lock-hash
fi
