#!/usr/bin/env bash
# Where the plugin's cost goes, in instructions (callgrind; repeatable where wall times are not):
#   tests/bench/callgrind.sh BUILT_PLUGIN CAPTURE [OUTDIR]     e.g. a 10,000-message capture of gen_capture.py
# For each mode of the benchmark (fields, expert, full) it runs tshark under callgrind three times, as an
# unprivileged user: without the plugin, with the plugin observing only (every class switched off in its
# preferences), and with everything. Prints the growth in instructions and the inclusive share of the
# plugin's dissector, of its Expert Info entries and of the one-time knowledge load, all relative to the
# run without the plugin; the callgrind files stay in OUTDIR for callgrind_annotate. Needs valgrind.
# A second table removes tshark's and the plugin's one-time costs (both runs repeated on the capture's first
# 20 frames) and splits the per-frame growth into the plugin's own code (instructions executed inside
# sipadvice.so, cg_objects.py) and what Wireshark, GLib and libc execute for it: making, printing, looking
# up and freeing the tree items and Expert Info entries it adds. The last column is the ratio a plugin
# would have whose own code cost nothing but that adds the same items.
# The README's table: gen_capture.py --messages 10000 --concurrent 200 --out cg10k.pcap
set -euo pipefail
plugin=$(realpath "$1") capture=$(realpath "$2") out=$(realpath -m "${3:-/tmp/sipadvice-callgrind}")
ws=$(tshark --version | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/with/$ws/epan" "$work/without/$ws/epan" "$work/home" "$out"
cp "$plugin" "$work/with/$ws/epan/"; cp "$capture" "$work/capture.pcap"
chmod -R a+rwX "$work"; chmod a+rwx "$out"
as_user=(); [ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
head_frames=20  # the one-time costs: both runs again on this many frames of the capture
"${as_user[@]}" editcap -r "$work/capture.pcap" "$work/head.pcap" "1-$head_frames"
frames=$("${as_user[@]}" capinfos -T -r -c "$work/capture.pcap" | awk -F'\t' '{print $2}')
off=(); for c in provisional success redirection client_failure server_failure global_failure invalid; do
    off+=(-o "sipadvice.annotate_$c:FALSE"); done

run() {  # PLUGIN_DIR NAME TSHARK_ARGS... -> instructions (CAPTURE=head for the first head_frames frames)
    HOME=$work/home WIRESHARK_PLUGIN_DIR=$work/$1 WIRESHARK_EXTCAP_DIR=$work/none "${as_user[@]}" \
        valgrind --tool=callgrind --callgrind-out-file="$out/cg.$2" tshark -r "$work/${CAPTURE:-capture}.pcap" "${@:3}" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
own() { python3 "$(dirname "$0")/cg_objects.py" "$out/cg.$1" /sipadvice.so; }  # NAME -> plugin's own instructions
incl() {  # FILE FUNCTION -> inclusive instructions of FUNCTION (0 when it does not appear)
    local v
    v=$(callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$1" 2>/dev/null | grep -v '=>' |
        grep -F "$2" | awk 'NR == 1 {gsub(",", "", $1); print $1}') || true
    echo "${v:-0}"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", 100 * a / b }'; }
printf '| mode | observe only | everything | plugin per packet | of it, Expert Info entries | knowledge load (once) |\n'
printf '|---|---|---|---|---|---|\n'
split=""
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
    head_base=$(CAPTURE=head run without "$mode.head.base" "${args[@]}")
    head_all=$(CAPTURE=head run with "$mode.head.full" "${args[@]}" "${extra[@]}")
    split+=$(awk -v m="$mode" -v n=$((frames - head_frames)) -v b=$((base - head_base)) -v a=$((all - head_all)) \
        -v o=$(( $(own "$mode.full") - $(own "$mode.head.full") )) 'BEGIN {
        printf "| %s | %.0f | %.0f | %.3f | %.0f | %.0f | %.3f |\n", m, b / n, a / n, a / b, o / n, (a - b - o) / n, (a - o) / b }')$'\n'
done
printf '\nPer frame, one-time costs removed (%s frames):\n\n' "$((frames - head_frames))"
printf '| mode | instructions without plugin | with plugin | ratio | plugin own code | Wireshark, GLib, libc for its items | ratio if own code were free |\n'
printf '|---|---|---|---|---|---|---|\n'
printf '%s' "$split"
