#!/usr/bin/env bash
# Where the plugin's cost goes, in instructions (callgrind; repeatable where wall times are not):
#   tests/bench/callgrind.sh BUILT_PLUGIN CAPTURE [OUTDIR]     e.g. a 10,000-message capture of gen_capture.py
# For each mode of the benchmark (fields, expert, full) it runs tshark under callgrind three times, as an
# unprivileged user: without the plugin, with the plugin observing only (every class switched off in its
# preferences), and with everything. Prints the growth in instructions and the inclusive share of the
# plugin's dissector, of its Expert Info entries and of the one-time knowledge load, all relative to the
# run without the plugin; the callgrind files stay in OUTDIR for callgrind_annotate. Needs valgrind.
# The README's table: gen_capture.py --messages 10000 --concurrent 200 --out cg10k.pcap
set -euo pipefail
plugin=$(realpath "$1") capture=$(realpath "$2") out=$(realpath -m "${3:-/tmp/sipadvice-callgrind}")
ws=$(tshark --version | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/with/$ws/epan" "$work/without/$ws/epan" "$work/home" "$out"
cp "$plugin" "$work/with/$ws/epan/"; cp "$capture" "$work/capture.pcap"
chmod -R a+rwX "$work"; chmod a+rwx "$out"
as_user=(); [ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
off=(); for c in provisional success redirection client_failure server_failure global_failure invalid; do
    off+=(-o "sipadvice.annotate_$c:FALSE"); done

run() {  # PLUGIN_DIR NAME TSHARK_ARGS... -> instructions
    HOME=$work/home WIRESHARK_PLUGIN_DIR=$work/$1 WIRESHARK_EXTCAP_DIR=$work/none "${as_user[@]}" \
        valgrind --tool=callgrind --callgrind-out-file="$out/cg.$2" tshark -r "$work/capture.pcap" "${@:3}" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
incl() {  # FILE FUNCTION -> inclusive instructions of FUNCTION (0 when it does not appear)
    local v
    v=$(callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$1" 2>/dev/null | grep -v '=>' |
        grep -F "$2" | awk 'NR == 1 {gsub(",", "", $1); print $1}') || true
    echo "${v:-0}"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", 100 * a / b }'; }
printf '| mode | observe only | everything | plugin per packet | of it, Expert Info entries | knowledge load (once) |\n'
printf '|---|---|---|---|---|---|\n'
for mode in expert fields full; do
    case $mode in
        expert) args=(-q -z expert) extra=() ;;
        fields) args=(-T fields -e sip.Status-Code -e sip.Call-ID) extra=(-e sipadvice.code -e sipadvice.contrast.earlier_frame) ;;
        full) args=(-V) extra=() ;;
    esac
    base=$(run without "$mode.base" "${args[@]}")
    observe=$(run with "$mode.observe" "${args[@]}" "${extra[@]}" "${off[@]}")
    all=$(run with "$mode.full" "${args[@]}" "${extra[@]}")
    f=$out/cg.$mode.full
    # Other dissectors add Expert Info too: the plugin's share is the growth over the run without it.
    expert=$(( $(incl "$f" ':expert_add_info_format ') - $(incl "$out/cg.$mode.base" ':expert_add_info_format ') ))
    printf '| %s | %s | %s | %s | %s | %s |\n' "$mode" "$(pct $((observe - base)) "$base")" \
        "$(pct $((all - base)) "$base")" "$(pct "$(incl "$f" 'dissect_sipadvice(')" "$base")" \
        "$(pct "$expert" "$base")" "$(pct "$(incl "$f" 'load_knowledge()')" "$base")"
done
