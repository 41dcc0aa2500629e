#!/usr/bin/env bash
# Serve a trained NLU model on 127.0.0.1 with the HTTP API (/model/parse):
# rasa/serve.sh [MODEL] [PORT] (defaults models/rasa/config.tar.gz, 5005).
set -euo pipefail
cd "$(dirname "$0")/.."
source rasa/env.sh
model=${1:-models/rasa/config.tar.gz}
port=${2:-5005}
echo "rasa: serving $model on http://127.0.0.1:$port (NLU_BACKEND=rasa RASA_URL=...)" >&2
exec "$RASA_BIN" run --enable-api --model "$model" --interface 127.0.0.1 --port "$port"
