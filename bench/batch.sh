#!/usr/bin/env bash
# The batch benchmark (issue 4): `dossier batch` cold and warm against the
# `tesseract` command-line program over the same scans, one after another
# (a naive script) and spread over every core (the OCR-bound floor), with
# the targets each must meet. Exits 1 when one is missed.
#
# Needs, beyond the build: the fixture generator's fonts (fonts-dejavu-core,
# fonts-ocr-b), tesseract-ocr (the CLI), poppler-utils (pdfimages, to hand
# the CLI the scanned PDFs' page images) and GNU time (time).
# Usage: bench/batch.sh   (prints a table; paste it into the README)
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in tesseract pdfimages /usr/bin/time; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench/batch.sh: $tool is missing; install it with" \
            "apt-get install fonts-dejavu-core fonts-ocr-b tesseract-ocr poppler-utils time" >&2
        exit 2
    fi
done

cargo build --release --quiet --workspace
dossier="$PWD/target/release/dossier"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Ten client folders of seven documents, no two files alike: photos, PNG
# and multi-page TIFF scans, scanned and text-layer PDFs.
root="$work/root"
target/release/xtask bench "$root" >/dev/null
bundles=$(find "$root" -mindepth 1 -maxdepth 1 -type d | wc -l)
documents=$(find "$root" -type f | wc -l)

# What the CLI reads: every image as it is (all pages of a TIFF), every
# PDF's embedded page images (text-layer PDFs have none, and dossier does
# not OCR them either).
images="$work/images"
mkdir -p "$images"
n=0
while IFS= read -r -d '' file; do
    n=$((n + 1))
    case "${file,,}" in
        *.pdf) pdfimages -all "$file" "$images/$n" ;;
        *.jpg | *.jpeg | *.png | *.tif | *.tiff) cp "$file" "$images/$n.${file##*.}" ;;
    esac
done < <(find "$root" -type f -print0 | sort -z)
# A zipped client's scans, unpacked for the CLI (dossier reads the ZIP).
while IFS= read -r -d '' archive; do
    n=$((n + 1))
    python3 -m zipfile -e "$archive" "$work/unzipped-$n"
    while IFS= read -r -d '' file; do
        n=$((n + 1))
        case "${file,,}" in
            *.pdf) pdfimages -all "$file" "$images/$n" ;;
            *) cp "$file" "$images/$n.${file##*.}" ;;
        esac
    done < <(find "$work/unzipped-$n" -type f -print0 | sort -z)
done < <(find "$root" -type f -name '*.zip' -print0 | sort -z)

# Seconds and peak kilobytes of a command, via GNU time (its last line:
# before it GNU time notes a non-zero exit, which batch gives when a bundle
# is not ready). The command's stderr goes to $work/stderr.
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
    tail -n 1 "$work/time"
}

# The machine's speed wanders by several per cent from run to run, so the
# cold run and the floor, whose ratio is the tightest target, are each run
# three times, interleaved, and the fastest of each is kept.
batch=("$dossier" batch "$root" --as-of 2026-11-24 --out "$work/out")
cold=999999
floor=999999
cold_kb=0
for run in 1 2 3; do
    read -r seconds kb < <(measure "${batch[@]}" --cache "$work/cache-$run" -v)
    cold_kb=$((kb > cold_kb ? kb : cold_kb))
    if awk -v a="$seconds" -v b="$cold" 'BEGIN { exit !(a < b) }'; then
        cold=$seconds
        # "CPU time: T s, of which OCR O s and the rest of the pipeline R s (P%)"
        read -r cpu ocr_cpu rest_cpu < <(awk '/^CPU time:/ { print $3, $8, $16 }' "$work/stderr")
    fi
    read -r seconds _ < <(measure bash -c \
        'find "$1" -type f -print0 | OMP_THREAD_LIMIT=1 xargs -0 -P "$(nproc)" -I{} tesseract {} - -l rus+kaz+eng' _ "$images")
    floor=$(awk -v a="$seconds" -v b="$floor" 'BEGIN { print (a < b ? a : b) }')
done
pages=$(cat "$work"/out/*/report.json | grep -c '"source": "ocr"')
read -r warm warm_kb < <(measure "${batch[@]}" --cache "$work/cache-1" -q)
read -r naive _ < <(measure bash -c \
    'for image in "$1"/*; do tesseract "$image" - -l rus+kaz+eng >/dev/null 2>&1; done' _ "$images")

# ratio A B: A / B to three places; check VALUE LIMIT: "met" or "MISSED".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
check() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l ? "met" : "MISSED") }'; }
cold_naive=$(ratio "$cold" "$naive")
cold_floor=$(ratio "$cold" "$floor")
warm_cold=$(ratio "$warm" "$cold")
overhead=$(ratio "$rest_cpu" "$cpu")
peak_mb=$(((cold_kb > warm_kb ? cold_kb : warm_kb) / 1024))

echo "$bundles bundles, $documents files, $pages pages to OCR; $(nproc) cores, $(tesseract --version 2>&1 | head -n 1)"
echo
echo "| run | seconds | peak memory |"
echo "|---|---|---|"
echo "| (a) dossier batch, cold cache (best of 3) | $cold | $((cold_kb / 1024)) MB |"
echo "| (b) dossier batch, warm cache | $warm | $((warm_kb / 1024)) MB |"
echo "| (c) tesseract CLI, one page after another | $naive | |"
echo "| (d) tesseract CLI on every core, OMP_THREAD_LIMIT=1 (best of 3) | $floor | |"
targets="| target | measured | limit | |
|---|---|---|---|
| cold ÷ naive (a/c) | $cold_naive | 0.35 | $(check "$cold_naive" 0.35) |
| cold ÷ floor (a/d) | $cold_floor | 1.15 | $(check "$cold_floor" 1.15) |
| warm ÷ cold (b/a) | $warm_cold | 0.02 | $(check "$warm_cold" 0.02) |
| peak memory, MB | $peak_mb | 500 | $(check "$peak_mb" 500) |
| pipeline CPU outside OCR ÷ all CPU, cold ($rest_cpu of $cpu s; OCR $ocr_cpu s) | $overhead | 0.05 | $(check "$overhead" 0.05) |"
echo
echo "$targets"
[[ $targets != *MISSED* ]]
