#!/usr/bin/env bash
# The whole test suite, as the README's second command: builds the plugin and runs every CTest test
# (CMocka unit tests, tshark integration tests over captures/ and ../shared/captures/public).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "=== build and test (RelWithDebInfo) ==="
cmake -S . -B build -DSIPADVICE_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
