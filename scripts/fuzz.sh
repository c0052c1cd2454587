#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (issue 7, "Fuzzing").
#
# Usage: scripts/fuzz.sh [TARGET] [SECONDS]
#   TARGET   routine (default), config or session
#   SECONDS  how long to fuzz (default 600)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and nightly features (-Z sanitizer): by
# default the usual toolchain with RUSTC_BOOTSTRAP=1; FUZZ_NIGHTLY=1 uses `cargo +nightly`
# instead (each keeps its own build in fuzz/target). The corpus grows in
# fuzz/corpus/TARGET (seeded with the built-in routines); a crash is saved in
# fuzz/artifacts/TARGET/ and the run stops with a non-zero exit. Both folders stay out of git.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${1:-routine}
SECONDS_TO_RUN=${2:-600}
case "$TARGET" in
    routine | config | session) ;;
    *) echo "fuzz: unknown target $TARGET (routine, config or session)" >&2; exit 2 ;;
esac
command -v cargo-fuzz > /dev/null || {
    echo "fuzz: cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 1
}
if [[ ${FUZZ_NIGHTLY:-0} == 1 ]]; then
    CARGO=(cargo +nightly)
else
    export RUSTC_BOOTSTRAP=1
    CARGO=(cargo)
fi

cd "$ROOT"
CORPUS="fuzz/corpus/$TARGET"
mkdir -p "$CORPUS"
case "$TARGET" in
    routine) cp routines/*.toml "$CORPUS/" ;;
    config) printf 'length = "long"\nsound = false\nspeak = true\nspeak_command = "espeak-ng -s 140"\nremember_answers_days = 7\n' > "$CORPUS/seed.toml" ;;
    session) printf '\x01\x0a\x00\x14\x01\x05\x03\x32\x04\x00\x02' > "$CORPUS/seed.bin" ;;
esac

echo "fuzz: $TARGET for $SECONDS_TO_RUN s with ${CARGO[*]} ($(rustc --version))"
"${CARGO[@]}" fuzz run "$TARGET" "$CORPUS" -- \
    -max_total_time="$SECONDS_TO_RUN" -timeout=10 -max_len=16384 -dict=fuzz/routine.dict \
    -print_final_stats=1
