# Linli: two commands do all the set-up on a fresh clone.
#   make run    install, migrate, load the demo community, build the NLU model, run the bot
#   make test   install and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PEER := tests/bot/tgpeer
WEB := bot/web

.PHONY: run test install lint bench rasa clean

run: install $(WEB)/node_modules
	$(BIN)/linli run

test: install $(PEER)/node_modules $(WEB)/node_modules
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Linli needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(PEER)/node_modules: $(PEER)/package-lock.json
	npm ci --prefix $(PEER) --no-audit --no-fund --loglevel=error
	touch $(PEER)/node_modules

# htmx and ECharts for the staff console, pinned by bot/web/package-lock.json, served by the app.
$(WEB)/node_modules: $(WEB)/package-lock.json
	npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error
	touch $(WEB)/node_modules

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy bot nlu actions

bench: install
	$(BIN)/python bench/nlu_speed.py

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--generate-hashes -o requirements.lock

# Rasa 3.6 as the NLU backend (NLU_BACKEND=rasa): .venv-rasa with Python 3.10, the pinned
# rasa/requirements.lock, the NLU model from config.yml + data/nlu, served on 127.0.0.1:5005.
rasa:
	bash rasa/venv.sh
	bash rasa/train.sh >/dev/null
	bash rasa/serve.sh

clean:
	rm -rf $(VENV) models reports $(PEER)/node_modules $(WEB)/node_modules
