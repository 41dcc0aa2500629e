# Sourced by rasa/*.sh: quiet, offline-friendly settings for the Rasa process.
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export RASA_CACHE_DIRECTORY=${RASA_CACHE_DIRECTORY:-models/rasa/.cache}
export SQLALCHEMY_SILENCE_UBER_WARNING=1
RASA_BIN=.venv-rasa/bin/rasa
