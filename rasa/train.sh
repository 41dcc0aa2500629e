#!/usr/bin/env bash
# Train Rasa's NLU model: rasa/train.sh [CONFIG] [OUT_DIR] [NLU_DIR]
# (defaults config.yml, models/rasa, data/nlu). Prints the model's path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
source rasa/env.sh
config=${1:-config.yml}
out=${2:-models/rasa}
nlu=${3:-data/nlu}
name=$(basename "$config" .yml)
mkdir -p "$out"
# Skip when the model was trained from exactly these inputs.
key=$(cat "$config" rasa/requirements.lock rasa/domain.py data/dict/* "$nlu"/* | sha256sum)
if [[ -f $out/$name.tar.gz && -f $out/$name.inputs && $(cat "$out/$name.inputs") == "$key" ]]
then
	echo "rasa: $out/$name.tar.gz is up to date" >&2
	echo "$out/$name.tar.gz"
	exit 0
fi
.venv-rasa/bin/python rasa/domain.py "$nlu" "$out/domain.yml"
started=$SECONDS
"$RASA_BIN" train nlu --config "$config" --nlu "$nlu" --domain "$out/domain.yml" \
	--out "$out" \
	--fixed-model-name "$name" >&2
echo "$key" >"$out/$name.inputs"
echo "rasa: trained $out/$name.tar.gz in $((SECONDS - started)) s" >&2
echo "$out/$name.tar.gz"
