#!/usr/bin/env bash
# Startup and scale benchmarks (issue 7, "Startup" and "Scale").
#
# 1. Startup: `selfmassage list` as a whole process against a minimal Rust "hello world"
#    built the same way (the [profile.release] of Cargo.toml), measured by hyperfine in
#    the same run. hyperfine runs one command's batch after the other, so the script runs
#    several rounds and swaps the order every round (list first, then hello first, ...).
#    Target: list within 2x of hello world (issue 12; no linker or build-time tricks).
# 2. Scale: 1,000 user routine files in a folder, `selfmassage list --routines-dir DIR`.
#    Targets: under 50 ms, peak memory (maximum resident set size) under 20 MB.
#
# Usage: scripts/bench-startup.sh [--rounds N] [--runs N] [--out DIR] [--no-build]
#   --rounds N   rounds of the startup comparison (default 10, order swapped each round)
#   --runs N     runs per command per round (default 100)
#   --out DIR    where the markdown/JSON exports go (default target/bench-startup)
#   --no-build   use the existing target/release/selfmassage
#
# Installs hyperfine (and GNU time) with apt-get when missing. Every run of selfmassage has
# HOME, XDG_CONFIG_HOME and XDG_DATA_HOME in a temporary folder, so the real user's files
# are neither read nor written.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=10
RUNS=100
OUT="$ROOT/target/bench-startup"
BUILD=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-startup: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
die() { echo "bench-startup: $*" >&2; exit 1; }

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
need_package() { # need_package COMMAND-PATH PACKAGE
    if ! command -v "$1" > /dev/null 2>&1; then
        say "installing $2 (apt-get)"
        if [[ $apt_updated -eq 0 ]]; then
            as_root apt-get update -qq
            apt_updated=1
        fi
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null
        command -v "$1" > /dev/null 2>&1 || die "$2 did not install $1"
    fi
}

need_package hyperfine hyperfine
need_package /usr/bin/time time
command -v python3 > /dev/null || die "python3 is needed to read hyperfine's JSON"
/usr/bin/time -v true > /dev/null 2>&1 || die "/usr/bin/time is not GNU time (no -v)"

# hyperfine 1.13+ has -N (no intermediate shell); older ones time through a shell and
# subtract its start-up.
if hyperfine -N --runs 1 true > /dev/null 2>&1; then
    NO_SHELL=(-N)
else
    NO_SHELL=()
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/selfmassage-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/home" "$WORK/config" "$WORK/data"

# --- build --------------------------------------------------------------------------------
BIN="$ROOT/target/release/selfmassage"
if [[ $BUILD -eq 1 ]]; then
    say "building selfmassage (cargo build --release)"
    (cd "$ROOT" && cargo build --release --quiet)
fi
[[ -x $BIN ]] || die "$BIN is missing (build it, or drop --no-build)"

say "building a hello-world binary the same way"
(
    cd "$WORK"
    cargo new --quiet --bin hello
    # The same [profile.release] as selfmassage's Cargo.toml, copied rather than restated.
    python3 - "$ROOT/Cargo.toml" >> hello/Cargo.toml << 'EOF'
import json, sys, tomllib
with open(sys.argv[1], "rb") as manifest:
    profile = tomllib.load(manifest).get("profile", {}).get("release", {})
print("\n[profile.release]")
for key, value in profile.items():
    if isinstance(value, (str, int, bool)):
        print(f"{key} = {json.dumps(value)}")
EOF
    cat hello/Cargo.toml | sed -n '/profile.release/,$p'
    cd hello
    CARGO_TARGET_DIR="$WORK/hello/target" cargo build --release --quiet --offline
)
HELLO="$WORK/hello/target/release/hello"

# From here on, every process (hyperfine's too) sees a sandboxed home; cargo and rustup keep
# finding their own folders.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
export NO_COLOR=1

[[ -x $HELLO ]] || die "the hello-world build did not produce $HELLO"
"$HELLO" | grep -q "Hello, world!" || die "hello world does not say hello"
"$BIN" list > /dev/null || die "selfmassage list failed"

echo "selfmassage: $(stat -c %s "$BIN") bytes; hello: $(stat -c %s "$HELLO") bytes"
echo "rustc: $(rustc --version); $(hyperfine --version); $(nproc) cores; $(uname -sr)"

# --- 1. startup ---------------------------------------------------------------------------
say "startup: selfmassage list vs hello world, $ROUNDS rounds x $RUNS runs, order swapped each round"
# `selfmassage --version` rides along as a reference: what the binary costs (loading, clap)
# before any routine work.
for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2)); then
        order=("$BIN list" "$HELLO" "$BIN --version")
        names=(list hello version)
    else
        order=("$HELLO" "$BIN list" "$BIN --version")
        names=(hello list version)
    fi
    hyperfine "${NO_SHELL[@]}" --style basic --warmup 30 --runs "$RUNS" \
        --command-name "${names[0]}" --command-name "${names[1]}" --command-name "${names[2]}" \
        --export-json "$OUT/startup-round$round.json" \
        --export-markdown "$OUT/startup-round$round.md" \
        "${order[@]}"
done

python3 - "$OUT" "$ROUNDS" << 'EOF' | tee "$OUT/startup.md"
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows, ratios, lists, hellos, versions = [], [], [], [], []
for r in range(1, rounds + 1):
    results = {x["command"]: x for x in json.load(open(f"{out}/startup-round{r}.json"))["results"]}
    l, h = results["list"], results["hello"]
    versions.append(results["version"]["median"])
    ratio = l["median"] / h["median"]
    ratios.append(ratio); lists.append(l["median"]); hellos.append(h["median"])
    first = "list" if r % 2 else "hello"
    rows.append(f"| {r} ({first} first) | {l['mean']*1e3:.2f} ± {l['stddev']*1e3:.2f} | {l['median']*1e3:.2f} "
                f"| {h['mean']*1e3:.2f} ± {h['stddev']*1e3:.2f} | {h['median']*1e3:.2f} | {ratio:.2f}x |")
ratio = statistics.median(ratios)
print("| round | list mean (ms) | list median | hello mean (ms) | hello median | ratio of medians |")
print("|---|---|---|---|---|---|")
print("\n".join(rows))
print(f"| **all** | | **{statistics.median(lists)*1e3:.2f}** | | **{statistics.median(hellos)*1e3:.2f}** | **{ratio:.2f}x** |")
print()
verdict = "PASS" if ratio <= 2.0 else "FAIL"
extra = statistics.median(lists) - statistics.median(hellos)
print(f"startup: list is {ratio:.2f}x hello world ({extra*1e3:+.2f} ms); target <= 2x: {verdict}")
print(f"per-round ratios: {min(ratios):.2f}x to {max(ratios):.2f}x; "
      f"{sum(r <= 2.0 for r in ratios)} of {len(ratios)} rounds within 2x")
version = statistics.median(versions)
print(f"reference: `selfmassage --version` median {version*1e3:.2f} ms = "
      f"{version / statistics.median(hellos):.2f}x hello world (the binary before any routine work)")
EOF

# --- 2. scale -----------------------------------------------------------------------------
say "scale: 1,000 user routine files"
DIR="$WORK/routines-1000"
mkdir -p "$DIR"
for n in $(seq -w 0 999); do
    cat > "$DIR/user-$n.toml" << EOF
title = "User routine $n"
areas = ["area-$((10#$n % 25))"]
aliases = ["alias $n", "knot $n"]
summary = "A generated routine for the scale benchmark, number $n."
equipment = ["tennis ball"]
tips = ["Breathe slowly.", "Never press on bone."]

[[red_flags]]
question = "Did the pain start after a fall or an accident?"
level = "emergency"

[[cautions]]
question = "Are you pregnant?"

[[steps]]
title = "Warm up"
text = "Rub the area gently with your palm to warm it."
seconds = 30
pressure = "light"

[[steps]]
title = "Press"
text = "Press into the sore spot with your fingertips and hold."
minutes = [1, 2]
sides = ["left", "right"]
caution = "Stop if it hurts sharply."
pressure = "light"

[[steps]]
title = "Circles"
text = "Move your fingertips in slow circles over the spot."
seconds = [20, 40]
repeat = 3
pressure = "light"
EOF
done
echo "$(find "$DIR" -name '*.toml' | wc -l) files, $(du -sk "$DIR" | cut -f1) KiB"
"$BIN" validate "$DIR" > "$WORK/validate.txt" || {
    tail -5 "$WORK/validate.txt"
    die "the generated routines are not valid"
}
tail -1 "$WORK/validate.txt"
"$BIN" list --routines-dir "$DIR" > "$WORK/list.txt" 2> "$WORK/list.err"
if [[ -s $WORK/list.err ]]; then
    cat "$WORK/list.err"
    die "list printed warnings for valid files"
fi
echo "list prints $(wc -l < "$WORK/list.txt") lines"

hyperfine "${NO_SHELL[@]}" --style basic --warmup 5 --runs 50 \
    --command-name "list (built-ins only)" --command-name "list --routines-dir (1,000 files)" \
    --export-json "$OUT/scale.json" --export-markdown "$OUT/scale.md" \
    "$BIN list" "$BIN list --routines-dir $DIR"

peak_kib() { # peak_kib COMMAND... : the maximum resident set size in KiB, as GNU time sees it
    /usr/bin/time -v "$@" 2>&1 > /dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
rss_builtin=$(peak_kib "$BIN" list)
rss_1000=$(peak_kib "$BIN" list --routines-dir "$DIR")
rss_hello=$(peak_kib "$HELLO")

python3 - "$OUT/scale.json" "$rss_hello" "$rss_builtin" "$rss_1000" << 'EOF' | tee "$OUT/scale-summary.md"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
hello, builtin, thousand = (int(x) for x in sys.argv[2:5])
t = results[1]
ms = t["mean"] * 1e3
print("| measure | value | target | verdict |")
print("|---|---|---|---|")
print(f"| `list` (built-ins only), mean | {results[0]['mean']*1e3:.2f} ms | | |")
print(f"| `list --routines-dir` 1,000 files, mean ± σ | {ms:.2f} ± {t['stddev']*1e3:.2f} ms (max {t['max']*1e3:.2f}) | < 50 ms | {'PASS' if ms < 50 else 'FAIL'} |")
print(f"| peak memory, 1,000 files | {thousand/1024:.1f} MiB ({thousand} KiB) | < 20 MB | {'PASS' if thousand * 1024 < 20e6 else 'FAIL'} |")
print(f"| peak memory, built-ins only | {builtin/1024:.1f} MiB | | |")
print(f"| peak memory, hello world | {hello/1024:.1f} MiB | | |")
EOF

say "done: exports in $OUT"
