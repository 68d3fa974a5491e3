# The two commands of the README:
#   make app    set everything up on a fresh machine and serve the app
#   make test   set everything up and run the whole test suite
# Also: make lab (JupyterLab on notebooks/), make bench (benchmarks, on demand),
#       make refresh (rebuild the store and forecasts), make lint, make clean.

PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 8501
LAB_PORT ?= 8888

BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.stamp
STORE  := data/store/workbench.duckdb
RUN    := data/runs/.all-plans

.PHONY: app test lab bench refresh lint clean venv install install-dev browser-deps

# ---------------------------------------------------------------- environment
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changed (editable install: code edits need nothing).
$(STAMP)-app: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(STAMP)-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)-app

venv: $(PY)
install: $(STAMP)-app
install-dev: $(STAMP)-dev

# Debian's Chromium and CJK fonts for the real-browser test (installed when absent
# and running as root; otherwise the browser test says what is missing and skips).
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian packages chromium and fonts-noto-cjk for the browser test..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	    || echo "warning: could not install chromium/fonts-noto-cjk; the browser test will be skipped"; \
	else \
	  echo "note: chromium or fonts-noto-cjk missing and not root; the browser test will be skipped"; \
	fi

# ---------------------------------------------------------------- data
# The derived store and forecasts of every plan pack are built by the same command
# statisticians use; the stamp is touched only when all plans refreshed.
$(RUN): | $(STAMP)-app
	$(BIN)/workbench refresh --all && touch $@

refresh: $(STAMP)-app
	$(BIN)/workbench refresh --all

# ---------------------------------------------------------------- the two commands
app: $(STAMP)-app $(RUN)
	$(BIN)/streamlit run streamlit_app.py --server.address $(HOST) --server.port $(PORT) \
	  --server.headless true --browser.gatherUsageStats false

test: $(STAMP)-dev browser-deps
	$(BIN)/pytest tests --nbmake notebooks

# ---------------------------------------------------------------- extras
lab: $(STAMP)-dev
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip $(HOST) --port $(LAB_PORT) --no-browser \
	  $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP)-dev
	$(PY) benchmarks/run_all.py

lint: $(STAMP)-dev
	$(BIN)/ruff check workbench tests benchmarks app_pages streamlit_app.py
	$(BIN)/ruff format --check workbench tests benchmarks app_pages streamlit_app.py

clean:
	rm -rf data/store data/runs .pytest_cache
