#!/usr/bin/env bash
# `selfmassage remind fire` against `selfmassage list` (issue 25: fire finishes well under a
# second, at most 2x `list`).
#
# The sandbox has a plan (neck, 5 days a week) and a journal of 365 made-up sessions over 90
# days (examples/make-journal.rs; --sessions N for more), so fire reads the plan, the routines
# and the whole journal, decides whether a session is due, and, when one is, runs a no-op
# `notify-send` (a fake on PATH: the desktop's own would add its time, not ours). hyperfine times both commands in one run.
#
# Usage: scripts/bench-remind-fire.sh [--runs N] [--sessions N] [--no-build]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=200
SESSIONS=365
BUILD=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --sessions) SESSIONS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-remind-fire: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
command -v hyperfine > /dev/null || { echo "bench-remind-fire: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

BIN="$ROOT/target/release/selfmassage"
if [[ $BUILD -eq 1 ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/selfmassage-fire.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/config" "$WORK/data/selfmassage" "$WORK/bin"
printf '#!/bin/sh\nexit 0\n' > "$WORK/bin/notify-send"
chmod +x "$WORK/bin/notify-send"
# cargo and rustup find their own files under the real home folder.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
(cd "$ROOT" && cargo run --quiet --release --example make-journal -- \
    "$WORK/data/selfmassage/journal.sqlite3" --sessions "$SESSIONS" --days 90 > /dev/null)
"$BIN" plan neck > /dev/null
# Due today: fire must reach the notifier.
PATH="$WORK/bin" "$BIN" remind fire
[[ -z $(PATH="$WORK/bin" "$BIN" plan --json | grep '"due_today": true') ]] &&
    echo "bench-remind-fire: note: no session is due in this journal; fire stops early" >&2

HYPERFINE=$(command -v hyperfine)
# Both commands see the same PATH, the fake notifier's folder only.
PATH="$WORK/bin" "$HYPERFINE" -N --warmup 10 --runs "$RUNS" \
    --export-json "$WORK/fire.json" \
    -n list "$BIN list" \
    -n "remind fire" "$BIN remind fire"
python3 - "$WORK/fire.json" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
ratio = results["remind fire"] / results["list"]
print(f"remind fire: {results['remind fire'] * 1000:.2f} ms, list: {results['list'] * 1000:.2f} ms, "
      f"ratio {ratio:.2f}x (target: at most 2x)")
sys.exit(0 if ratio <= 2 else 1)
PY
