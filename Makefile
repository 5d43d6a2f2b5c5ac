# Patient Story Studio: `make run` opens the studio on a demo library; `make test` runs the suite.
# Each target creates .venv on first use and installs what it needs (Python 3.11+ required).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO   := .demo/Demo.studio

.PHONY: help run test lint typecheck pytest bench demo sysdeps sysdeps-gui clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

sysdeps: ## install the system libraries Qt needs offscreen (Debian/Ubuntu)
	@sh packaging/linux-deps.sh offscreen

sysdeps-gui: ## install the system libraries Qt needs for a real window
	@sh packaging/linux-deps.sh window

$(DEMO): | $(STAMP)
	@mkdir -p $(dir $(DEMO))
	$(PY) -m studio.cli demo $(DEMO)

demo: $(DEMO) ## create the demo library in .demo/ (users and passwords are printed)

run: sysdeps-gui $(STAMP) $(DEMO) ## open the studio on the demo library (sign in as alex / alex-demo-password)
	$(PY) -m studio.cli --library $(DEMO) --user alex

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check studio tests bench

typecheck: $(STAMP) ## mypy (strict below studio/ui)
	$(VENV)/bin/mypy

# The desktop tests run in a second pytest process of their own, after the rest. (They once ran
# one file per process because waits timed out in a long run: a test's guard timer called
# QApplication.exit() 20 s later, inside another test; tests/ui_fixtures.py now fails the test
# in which that happens.)
UI_TESTS := $(sort $(wildcard tests/test_ui_*.py))
pytest: sysdeps $(STAMP) ## the test suite, headless
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(addprefix --ignore=,$(UI_TESTS))
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -p no:cacheprovider $(UI_TESTS)

test: lint typecheck pytest ## everything CI runs: ruff, mypy, pytest

# PyInstaller goes into .venv only for packaging (it is not needed to run or test the studio).
PKG_STAMP := $(VENV)/.installed-package
$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,package]'
	@touch $(PKG_STAMP)

package: sysdeps $(PKG_STAMP) ## build the one-folder app: dist/PatientStoryStudio/studio (PyInstaller)
	$(PY) packaging/build.py
.PHONY: package

# CI sets CI=true: then `make test` also builds the app and smoke-tests it (tests/test_packaging.py).
ifeq ($(CI),true)
pytest: $(PKG_STAMP)
endif

bench: $(STAMP) ## benchmarks that print figures (see bench/README.md)
	$(PY) bench/library.py
	$(PY) bench/checks.py
	$(PY) bench/export.py
	$(PY) bench/scale.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/ui.py
	$(PY) bench/crash.py --rounds 200
	$(PY) bench/crash_rekey.py --rounds 40
	$(PY) bench/rekey.py

clean: ## remove the virtual environment, caches and the demo library
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache build dist
