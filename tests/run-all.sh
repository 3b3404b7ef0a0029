#!/usr/bin/env bash
# The whole test suite, as the README's second command. Three builds, each with all its CTest tests:
#  1. the plugin as shipped (RelWithDebInfo): unit tests; tshark over the bundled, hostile, mutated and
#     public captures; registration, user file, preferences; valgrind;
#  2. the plugin with AddressSanitizer and UndefinedBehaviorSanitizer (gcc): the same unit and tshark tests,
#     tshark running with the ASan runtime preloaded;
#  3. the core's libFuzzer harnesses (clang, ASan + UBSan): the unit tests again and a short run of each
#     fuzzer (tests/fuzz/run_fuzz.sh runs them long).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
stage() { printf '\n=== %s\n' "$*"; }

stage "1/3 the plugin as shipped"
cmake -S . -B build >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

stage "2/3 AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSIPADVICE_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan --output-on-failure -j"$jobs"

stage "3/3 fuzzing the core (libFuzzer)"
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSIPADVICE_FUZZ=ON \
      -DSIPADVICE_BUILD_PLUGIN=OFF >/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
