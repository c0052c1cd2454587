#!/usr/bin/env bash
# What a person with nothing to report reads before the verdict, for every built-in routine
# and every pair: words (intro and headings included), prompts answered, and the tallest
# prompt in rows at 80 columns. Limits: 400 words and 15 prompts per routine, 550 words per
# pair, 18 rows. The same measure is tested by `cargo test --test integration screen::`.
#
# Usage: scripts/screen-budget.sh            the table
#        scripts/screen-budget.sh --show ID  every prompt of routine ID, as shown at 80 columns
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --example screen-budget -- "$@"
