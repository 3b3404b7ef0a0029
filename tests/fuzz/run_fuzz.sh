#!/usr/bin/env bash
# Long fuzzing runs of the core's libFuzzer harnesses (the CTest smoke runs are short):
#   tests/fuzz/run_fuzz.sh BUILD_FUZZ_DIR SECONDS_PER_FUZZER
# Build first: cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
#              -DSIPADVICE_FUZZ=ON -DSIPADVICE_BUILD_PLUGIN=OFF && cmake --build build-fuzz
# New corpus entries stay in BUILD_FUZZ_DIR/fuzz-corpus; crashes are written to BUILD_FUZZ_DIR/fuzz-crashes.
set -euo pipefail
build=$(realpath "$1") seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/fuzz-crashes"
status=0
for f in message tracker knowledge; do
    mkdir -p "$build/fuzz-corpus/$f"
    seeds=("$here/corpus/$f")
    [ "$f" = knowledge ] && seeds+=("$here/../../data")  # the built-in files are seeds too (read, never written)
    echo "=== fuzz_$f for $seconds s"
    "$build/tests/fuzz_$f" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-crashes/$f-" "$build/fuzz-corpus/$f" "${seeds[@]}" 2>&1 |
        grep -E "^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Done [0-9]+ runs" || true
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
ls "$build/fuzz-crashes"
exit $status
