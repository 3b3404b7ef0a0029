#!/bin/bash
# Real-GUI screenshots for the README: Wireshark (Qt) under Xvfb, run as nobody with the built plugin in
# a temporary folder given as WIRESHARK_PLUGIN_DIR (so an installed copy is not loaded as well). Shows the
# SIP Advice subtree of a few frames (a contrast, its back link, a 486 with its Q.850 cause, a BYE with its
# Reason, the contrast again in Portuguese) (bytes pane hidden, every item expanded, scrolled to the end where a
# postdissector's subtree sits), the Expert Information dialog as it opens (grouped by summary: one row per
# code, contrast rule and cause), the statistics tree and the calls table, and the "SIP Advice" configuration
# profile in use (its colouring rules, columns and filter buttons).
# Wireshark 4.0 notes: `-z sipadvice,tree` is refused (the Qt GUI takes no -z for a plugin's stats tree: the tree
# is the last item of the Statistics menu, "SIP Advice"); `-z sipadvice,calls` opens the table (Telephony menu).
# Without a window manager the dialogs open where Qt puts them and xdotool moves, sizes and shoots them alone.
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
# The profile as the package installs it, plus a `recent` of our own (the GUI's per-profile state, not part of
# the profile): no bytes pane, a tall packet list, and column widths (pixels; -1, the default, leaves the
# plugin's columns as narrow as their titles) so that every value of the capture reads whole.
profile="$home/.config/wireshark/profiles/SIP Advice"
mkdir -p "$(dirname "$profile")"; cp -r "$here/data/profiles/SIP Advice" "$profile"
cat > "$profile/recent" <<'EOF'
gui.byte_view_show: FALSE
gui.geometry_main_upper_pane: 740
column.width:
	%m, 56,
	%t, 76,
	%s, 80,
	%d, 80,
	%p, 68,
	"%Cus:sipadvice.code", 42,
	"%Cus:sipadvice.reason", 256,
	"%Cus:sipadvice.outcome", 70,
	"%Cus:sipadvice.cause", 50,
	"%Cus:sipadvice.contrast.rule", 224,
	"%Cus:sipadvice.dialog.path", 330,
	%i, 400
EOF
chmod -R a+rwX "$home"; chmod a+rwx "$out"
disp=:$((90 + RANDOM % 9)); Xvfb $disp -screen 0 1600x1000x24 >/dev/null 2>&1 & xv=$!; sleep 1.5
export DISPLAY=$disp
# Run in the background only: exec makes $! Wireshark itself, so that `kill $pid` ends it.
as_nobody() { HOME=$home WIRESHARK_PLUGIN_DIR=$home/plugins exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
start() { as_nobody wireshark "$@" >/dev/null 2>&1 & pid=$!; sleep 10; }   # WIRESHARK_OPTIONS...; sets pid
stop() { kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; }
# The main window (1580x980 at 0,0, without the screen's black margin), the pointer off it (no hover highlight).
snap_main() { xdotool mousemove 1599 999; sleep 0.5; import -window root -crop 1580x980+0+0 +repage "$out/$1"; }
# A dialog alone (find_dialog TITLE_REGEX WIDTH HEIGHT): moved to 0,0 and sized; the caller clicks, then shoots it.
find_dialog() { dialog=$(xdotool search --name "$1" | head -1); xdotool windowsize "$dialog" "$2" "$3" windowmove "$dialog" 0 0; sleep 1; }
snap_dialog() { xdotool mousemove 1599 999; sleep 0.5; import -window "$dialog" "$out/$1"; }

shot_details() {  # FRAME NAME [CAPTURE [WIRESHARK_OPTION...]]
    local frame=$1 name=$2 capture=${3:-seeds-udp.pcap}; shift $(($# < 3 ? $# : 3))
    start -r "$home/$capture" -g "$frame" "$@"
    xdotool search --name 'Wireshark' windowfocus --sync 2>/dev/null || true
    xdotool mousemove 300 700 click 1; sleep 0.3; xdotool key ctrl+Right; sleep 0.8; xdotool key End; sleep 0.8
    snap_main "$name"
    stop
}
shot_details 35 gui-contrast.png   # 430 after the 204 of its dialog: contrast, path, link to frame 23
shot_details 23 gui-backlink.png   # the 204, with its back link to frame 35
shot_details 8 gui-cause-mismatch.png reason-udp.pcap   # a 486 whose Q.850 cause (16) contradicts it
shot_details 31 gui-bye-reason.png reason-udp.pcap      # a BYE with Reason: Q.850;cause=102
shot_details 35 gui-portuguese.png seeds-udp.pcap -o sipadvice.language:pt   # the contrast shot in Portuguese

# The Expert Information dialog as it opens ("Group by summary"): its top level, one row per code, rule, cause.
# Widened, and its Summary column fitted to the longest summary (a double click on the Summary|Group border of
# the header, 540 px from the dialog's left edge as the dialog lays it out).
shot_expert() {
    start -r "$home/dialog-rules-udp.pcap" -z expert
    find_dialog 'Expert Information' 1000 460
    xdotool mousemove 540 22 click --repeat 2 --delay 80 1; sleep 1
    snap_dialog gui-expert.png
    stop
}
shot_expert

# The statistics tree (Statistics › SIP Advice, its last item; Alt+S opens the menu): responses by class and
# code, call outcomes, contrasts by rule, unanswered requests, repeats, causes. Wireshark opens it expanded,
# sorted descending by topic; a click on the Topic header sorts it ascending (1xx before 2xx).
shot_statistics() {
    start -r "$home/dialog-rules-udp.pcap"
    xdotool search --name 'dialog-rules-udp.pcap' windowfocus --sync 2>/dev/null || true
    xdotool key alt+s; sleep 0.8; xdotool key Up; sleep 0.3; xdotool key Return; sleep 4
    find_dialog 'SIP Advice ·' 1000 740
    xdotool mousemove 200 22 click 1; sleep 1
    snap_dialog gui-statistics.png
    stop
}
shot_statistics

# The calls table (Telephony › SIP Advice: calls): one row per Call-ID, its frames, last INVITE final response,
# outcome, contrasts and unanswered requests.
shot_calls() {
    start -r "$home/dialog-rules-udp.pcap" -z sipadvice,calls
    find_dialog 'SIP Advice: calls' 1140 290
    snap_dialog gui-calls.png
    stop
}
shot_calls

# The "SIP Advice" profile in use (last, lest the GUI remember it as the last used profile for the other shots):
# packet list coloured by its rules (contrasts here), its columns, its display filter buttons right of the filter bar.
shot_profile() {  # CAPTURE NAME
    start -C "SIP Advice" -r "$home/$1"
    snap_main "$2"
    stop
}
shot_profile dialog-rules-udp.pcap gui-profile.png

# 256 colours, no dithering: the same pixels to the eye (the GUI draws few colours), a third of the size.
for f in "$out"/gui-{contrast,backlink,cause-mismatch,bye-reason,portuguese,expert,statistics,calls,profile}.png; do
    convert "$f" -strip -dither None -colors 256 "PNG8:$f"; echo "$f"
done
