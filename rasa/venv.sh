#!/usr/bin/env bash
# Build .venv-rasa (Python 3.10) from rasa/requirements.lock; reuse it while the lock is unchanged.
# Exit 3 (and say why) when no Python 3.10 is available.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-rasa
LOCK=rasa/requirements.lock
STAMP=$VENV/.lock-sha256
want=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [[ -x $VENV/bin/rasa && -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
	echo "rasa: .venv-rasa is up to date with $LOCK"
	exit 0
fi
python=""
if command -v pyenv >/dev/null && prefix=$(pyenv prefix 3.10 2>/dev/null) \
		&& [[ -x $prefix/bin/python3.10 ]]; then
	python=$prefix/bin/python3.10
elif command -v python3.10 >/dev/null && python3.10 -c '' 2>/dev/null; then
	python=$(command -v python3.10)
fi
if [[ -z $python ]]; then
	echo "rasa: Rasa 3.6 needs Python 3.10 and none was found (tried \`pyenv prefix 3.10\`" \
		"and python3.10 on PATH). Install one, e.g. \`pyenv install 3.10\`." >&2
	exit 3
fi
echo "rasa: building $VENV with $python (rasa, tensorflow: a few minutes)"
started=$SECONDS
rm -rf "$VENV"
"$python" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade "pip<24.1"
"$VENV/bin/python" -m pip install --quiet -r "$LOCK"
echo "$want" >"$STAMP"
echo "rasa: $VENV built in $((SECONDS - started)) s"
