# Two commands for a newcomer:  make report   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
# small statsmodels fits gain nothing from BLAS threads; two pytest workers on two cores
# with threaded BLAS run six times slower
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
# the browser tests drive the system's Chromium (apt install chromium); playwright never downloads one
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = 1

.PHONY: report test install bench clean notebooks lab lint docs messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

LAB_STAMP = $(VENV)/.lab-installed
$(LAB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,notebook]"
	touch $(LAB_STAMP)

lab: $(LAB_STAMP)  # JupyterLab on notebooks/, its kernel the project's .venv
	$(BIN)/jupyter lab notebooks/

# the whole package: strict mypy and ruff must stay clean
LINT_PATHS = jxforecast
LINT_STAMP = $(VENV)/.lint-installed
$(LINT_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,lint]"
	touch $(LINT_STAMP)

lint: $(LINT_STAMP)  # mypy --strict (imports followed silently) and ruff on LINT_PATHS
	$(BIN)/mypy --follow-imports=silent $(LINT_PATHS)
	$(BIN)/ruff check $(LINT_PATHS) tests/test_typing.py

DOCS_STAMP = $(VENV)/.docs-installed
$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,docs]"
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)  # the documentation site in docs/_build/html; any warning fails the build
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# the message catalogue: extract every message id of the code into the template, then add the new
# ones to each language's file (their translations left empty until written; tests/test_i18n.py
# fails on an empty one)
LOCALE   = jxforecast/i18n/locale
KEYWORDS = -k N_ -k translate -k render -k _ -k caveat:2 -k label
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-by-file $(KEYWORDS) --project jxforecast \
		--version 0.1.0 -o $(LOCALE)/jxforecast.pot .
	$(BIN)/pybabel update -i $(LOCALE)/jxforecast.pot -d $(LOCALE) -D jxforecast --no-fuzzy-matching --ignore-obsolete

report: $(STAMP)
	$(BIN)/jxforecast report

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -p no:cacheprovider

notebooks: $(STAMP)  # re-save the notebooks with their outputs after changing them
	for n in notebooks/*.ipynb; do $(BIN)/jupyter nbconvert --to notebook --execute --inplace $$n; done

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/report_speed.py --report

clean:
	rm -rf $(VENV) reports .pytest_cache docs/_build docs/examples
