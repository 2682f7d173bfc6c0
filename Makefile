# The README's two commands: `make site` builds the site, `make test` runs every test.
# Both set everything up first: Debian packages if missing, then .venv with pinned packages.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

.PHONY: site test serve check bench pdf-bilder screenshots setup clean

site: $(READY)
	$(BIN)/rapport build

test: $(READY) node_modules/.ready
	$(BIN)/python -m pytest

serve: $(READY)
	$(BIN)/rapport serve

check: $(READY)
	$(BIN)/rapport check

bench: $(READY)
	$(BIN)/python benchmarks/bench.py

# The guide's pictures of a PDF's pages (docs/bilder/pdf-sida-*.png), made again after a change to print.css.
pdf-bilder: $(READY)
	sh scripts/pdf-bilder.sh

# Pictures of the home page, the newest report and the key figures at 375, 768 and 1280 px (skarmbilder/).
screenshots: site node_modules/.ready
	$(BIN)/python scripts/screenshots.py site skarmbilder

setup: $(READY)

# The acceptance tests need a real Chromium (Debian's), poppler, and axe-core from npm.
node_modules/.ready: package.json package-lock.json scripts/system-packages.sh
	sh scripts/system-packages.sh $(PYTHON) test
	npm ci --no-audit --no-fund --silent
	touch $@

$(READY): pyproject.toml constraints.txt scripts/system-packages.sh
	sh scripts/system-packages.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	$(BIN)/python -m compileall -q builder  # as pip does for installed packages: no compiling on every run
	touch $@

clean:
	rm -rf build site .pytest_cache node_modules
