#!/usr/bin/env bash
# Times `history` (chart and table) and `report` on a made-up journal of 20,000 sessions
# over three years, with hyperfine (whole process, release build). Targets: history under
# 100 ms, report under 500 ms. Results: target/bench-journal/*.md.
#
#   scripts/bench-journal.sh [SESSIONS]        (default 20000)
#
# `history` draws its chart only in a terminal: run this in one (a tmux pane will do), or
# the terminal row is skipped and only `history --plain` is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
sessions="${1:-20000}"
out="$PWD/target/bench-journal"
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
cargo build --quiet --release
bin="$PWD/target/release/selfmassage"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" TZ=UTC
journal="$XDG_DATA_HOME/selfmassage/journal.sqlite3"
mkdir -p "$(dirname "$journal")"
cargo run --quiet --release --example make-journal -- "$journal" --sessions "$sessions" --days 1095
echo "journal: $sessions sessions, $(du -h "$journal" | cut -f1)"
if [ -t 1 ]; then
    hyperfine -N --warmup 5 --runs 30 --output=inherit \
        --export-markdown "$out/history-terminal.md" "$bin history"
else
    echo "stdout is not a terminal: skipping the chart (run this in a terminal)"
fi
hyperfine -N --warmup 5 --runs 30 --export-markdown "$out/history-plain-report.md" \
    "$bin history --plain" \
    "$bin history --all --plain" \
    "$bin report -o $home/report.html --force"
ls -l "$home/report.html"
