#!/usr/bin/env bash
# Renders `selfmassage report` for a made-up journal of 200 sessions with headless Chromium,
# for a look by eye: a desktop-wide page, a phone-wide one, and the A4 print as PDF.
#
#   scripts/report-screenshot.sh [OUT-DIR]      (default: target/report-screenshot)
#
# PHONE_WIDTH sets the phone's width in CSS pixels (default 360, a small Android phone);
# PROFILE=debug uses a debug build instead of a release one (quicker to build).
#
# Needs python3 and chromium (`apt-get install -y chromium`; installed here when missing
# and running as root). Writes report.html, desktop.png, phone.png and print.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-target/report-screenshot}")"
mkdir -p "$out"
if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    else
        echo "chromium is missing: apt-get install -y chromium" >&2
        exit 1
    fi
fi
phone_width="${PHONE_WIDTH:-360}"
profile="${PROFILE:-release}"
if [ "$profile" = release ]; then
    cargo build --quiet --release
else
    cargo build --quiet
fi
bin="$PWD/target/$profile/selfmassage"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
journal="$home/data/selfmassage/journal.sqlite3"
mkdir -p "$(dirname "$journal")"
cargo run --quiet --release --example make-journal -- "$journal" --sessions 200 --days 90
run() { env -i PATH="$PATH" HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" "$bin" "$@"; }
run report -o "$out/report.html" --force
shot() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$home/chromium" "$@" "file://$out/report.html" 2>/dev/null
}
shot --window-size=1000,2400 --screenshot="$out/desktop.png"
shot --window-size="$phone_width",2400 --force-device-scale-factor=1 --screenshot="$out/phone.png"
shot --no-pdf-header-footer --print-to-pdf="$out/print.pdf"
ls -l "$out"
