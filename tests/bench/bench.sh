#!/usr/bin/env bash
# The benchmark (not a test): generates SIP captures of 100k and 1M messages, times tshark with and
# without the plugin on both (tests/bench/run_bench.py) and checks that time and memory grow linearly.
#   tests/bench/bench.sh BUILT_PLUGIN [WORKDIR] [RUNS]        e.g. tests/bench/bench.sh build/sipadvice.so
# Takes about 40 minutes with 5 runs on 2 cores; WORKDIR needs ~800 MB. Run it on an otherwise idle machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$(realpath "$1") work=${2:-/tmp/sipadvice-bench} runs=${3:-5}
mkdir -p "$work"
for n in 100000 1000000; do
    [ -f "$work/$n.pcap" ] || python3 "$here/gen_capture.py" --messages "$n" --out "$work/$n.pcap"
done
for n in 1000000 100000; do
    echo; echo "### $n messages"
    python3 "$here/run_bench.py" --plugin "$plugin" --capture "$work/$n.pcap" --runs "$runs" --json "$work/$n.json"
done
echo
python3 "$here/run_bench.py" --scaling "$work/100000.json" "$work/1000000.json"
