#!/bin/bash
# Real-GUI screenshots for the README: Wireshark (Qt) under Xvfb, run as nobody with the built plugin in
# a temporary folder given as WIRESHARK_PLUGIN_DIR (so an installed copy is not loaded as well). Shows the
# SIP Advice subtree of a few frames (a contrast, its back link, a 486 with its Q.850 cause, a BYE with its
# Reason) (bytes pane hidden, every item expanded, scrolled to the end where a
# postdissector's subtree sits) and the Expert Information dialog as it opens (grouped by summary: one row per
# code, contrast rule and cause).
# Usage: tests/gui/screenshots.sh BUILT_PLUGIN OUTDIR   (needs wireshark-qt xvfb xdotool imagemagick)
set -euo pipefail
plugin=$(realpath "$1") out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")/../.." && pwd)
ws=$(tshark --version | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
home=$(mktemp -d); trap 'kill $xv 2>/dev/null; rm -rf "$home"' EXIT
mkdir -p "$home/plugins/$ws/epan" "$home/.config/wireshark" "$out"
cp "$plugin" "$home/plugins/$ws/epan/"
cp "$here"/captures/seeds-udp.pcap "$here"/captures/reason-udp.pcap "$here"/captures/dialog-rules-udp.pcap "$home/"
printf 'gui.update.enabled: FALSE\n' > "$home/.config/wireshark/preferences"
printf 'gui.geometry_main_x: 0\ngui.geometry_main_y: 0\ngui.geometry_main_width: 1580\ngui.geometry_main_height: 980\ngui.geometry_main_maximized: FALSE\ngui.geometry_main_upper_pane: 330\n' > "$home/.config/wireshark/recent_common"
printf 'gui.byte_view_show: FALSE\n' > "$home/.config/wireshark/recent"
chmod -R a+rwX "$home"; chmod a+rwx "$out"
disp=:$((90 + RANDOM % 9)); Xvfb $disp -screen 0 1600x1000x24 >/dev/null 2>&1 & xv=$!; sleep 1.5
export DISPLAY=$disp
as_nobody() { HOME=$home WIRESHARK_PLUGIN_DIR=$home/plugins setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

shot_details() {  # FRAME NAME [CAPTURE]
    as_nobody wireshark -r "$home/${3:-seeds-udp.pcap}" -g "$1" >/dev/null 2>&1 & local pid=$!
    sleep 10
    xdotool search --name 'Wireshark' windowfocus --sync 2>/dev/null || true
    xdotool mousemove 300 700 click 1; sleep 0.3; xdotool key ctrl+Right; sleep 0.8; xdotool key End; sleep 0.8
    import -window root "$out/$2"
    kill $pid; wait $pid 2>/dev/null || true
}
shot_details 35 gui-contrast.png   # 430 after the 204 of its dialog: contrast, path, link to frame 23
shot_details 23 gui-backlink.png   # the 204, with its back link to frame 35
shot_details 8 gui-cause-mismatch.png reason-udp.pcap   # a 486 whose Q.850 cause (16) contradicts it
shot_details 31 gui-bye-reason.png reason-udp.pcap      # a BYE with Reason: Q.850;cause=102

# The Expert Information dialog as it opens ("Group by summary"): its top level, one row per code, rule, cause.
as_nobody wireshark -r "$home/dialog-rules-udp.pcap" -z expert >/dev/null 2>&1 & pid=$!
sleep 10
xdotool search --name 'Expert' windowfocus --sync 2>/dev/null || true
import -window root "$out/gui-expert.png"
kill $pid; wait $pid 2>/dev/null || true
echo "$out/gui-contrast.png $out/gui-backlink.png $out/gui-cause-mismatch.png $out/gui-bye-reason.png $out/gui-expert.png"
