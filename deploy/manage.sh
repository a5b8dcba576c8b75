#!/usr/bin/env bash
# Runs a manage.py command with the production environment: `deploy/manage.sh purge_chat_messages`.
# KUULLUKSI_ENV_FILE (default /etc/kuulluksi/env) holds the variables listed in the README.
set -euo pipefail
app="$(cd "$(dirname "$0")/.." && pwd)"
set -a
# shellcheck disable=SC1090
. "${KUULLUKSI_ENV_FILE:-/etc/kuulluksi/env}"
set +a
export PYTHONPATH="$app/site:$app"
exec "${KUULLUKSI_PYTHON:-/srv/kuulluksi/venv/bin/python}" "$app/manage.py" "$@"
