#!/usr/bin/env bash
# Until the first release, the schema is one initial migration: regenerate it after a
# model change (from the repository root). After a release, add migrations instead.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/*.py
QUIZAPP_SECRET_KEY=x DATABASE_URL="sqlite:///$tmp/schema.sqlite3" \
  .venv/bin/flask --app quizapp db migrate -m "initial schema" --rev-id 0001
rm -rf "$tmp"
