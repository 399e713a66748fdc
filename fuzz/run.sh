#!/usr/bin/env bash
# Fuzzes dossier's input stages: `fuzz/run.sh SECONDS TARGET...` seeds each
# target's corpus from the fixtures (first run only) and runs it for
# SECONDS at the lowest CPU priority, logging to fuzz/logs/TARGET.log;
# a crash, timeout or out-of-memory is saved and the run goes on.
# Needs nightly and cargo-fuzz: `rustup toolchain install nightly` and
# `cargo install cargo-fuzz`. Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=$1
shift
seed() {
    local target=$1
    shift
    mkdir -p "corpus/$target"
    [ -n "$(ls -A "corpus/$target")" ] && return
    find ../fixtures -type f "$@" -size -300k | while read -r file; do
        cp "$file" "corpus/$target/$(sha1sum "$file" | cut -c1-16)"
    done
}
seed pdf -name '*.pdf'
seed image \( -name '*.jpg' -o -name '*.png' -o -name '*.tif' -o -name '*.webp' -o -iname '*.heic' \)
seed discover \( -name '*.zip' -o -name '*.7z' -o -name '*.gz' -o -name '*.tar' -o -name '*.docx' -o -name '*.odt' -o -name '*.doc' -o -name '*.rar' -o -name '*.xlsx' \)
mkdir -p logs corpus/dates corpus/mrz corpus/report
cargo +nightly fuzz build -O
for target in "$@"; do
    nice -n 19 cargo +nightly fuzz run -O "$target" -- \
        -max_total_time="$seconds" -max_len=262144 -timeout=30 -rss_limit_mb=2048 \
        -print_final_stats=1 -fork=1 -ignore_timeouts=1 -ignore_ooms=1 -ignore_crashes=1 \
        >"logs/$target.log" 2>&1 &
done
wait
