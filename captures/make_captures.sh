#!/usr/bin/env bash
# Regenerates every capture of this folder (captures/*.pcap) from real SIP traffic: SIPp
# (package sip-tester, 3.6) scenario pairs in sipp/ run on the loopback interface, recorded by
# dumpcap with a port filter, written in pcap (not pcapng) format.
#
#   bash captures/make_captures.sh            # all captures
#   bash captures/make_captures.sh call-udp   # only the named ones
#   KEEP_LOGS=1 bash captures/make_captures.sh   # keep SIPp message/error logs
#
# Ports: each capture has its own (5070-5086, 5100-5111, 5120-5131, 5140-5180). They avoid the
# ports that Wireshark gives to other protocols (udp 5072 is AYIYA, 5084 LLRP, 5094 HART-IP): on
# those, SIP would not be recognised without "Decode As". Elsewhere Wireshark's SIP heuristics find
# the messages.
#
# Needs: sipp, dumpcap, tshark, capinfos, ss; capture rights on "lo" (run as root, or give dumpcap
# the capabilities). Takes about 3 minutes (unanswered-udp and ack-missing-udp 35 s each). Each
# capture is checked with tshark afterwards (the SIP messages of each dialog, in order, and the
# header values it is about); the script stops at the first problem.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC=$HERE/sipp
IP=127.0.0.1
WORK=$(mktemp -d /tmp/sipadvice-captures.XXXXXX)
KEEP_LOGS=${KEEP_LOGS:-0}

DUMPCAP_PID=
BG_PIDS=()
OK=0

cleanup() {
    local pid
    # Background jobs are subshells running "timeout sipp ...": stop their timeout (which stops its
    # sipp), then the subshell.
    for pid in "${BG_PIDS[@]}"; do
        pkill -TERM -P "$pid" 2>/dev/null || true
        kill "$pid" 2>/dev/null || true
    done
    if [[ -n $DUMPCAP_PID ]]; then kill -INT "$DUMPCAP_PID" 2>/dev/null || true; fi
    if [[ $OK == 1 && $KEEP_LOGS != 1 ]] || rmdir "$WORK" 2>/dev/null; then
        rm -rf "$WORK"
    else
        echo "SIPp and dumpcap logs kept in $WORK" >&2
    fi
}
trap cleanup EXIT

die() { echo "make_captures.sh: $*" >&2; exit 1; }

for tool in sipp dumpcap tshark capinfos ss; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install sip-tester tshark iproute2)"
done

# ---------------------------------------------------------------------------------------------
# Capture and SIPp helpers

# start_capture NAME FILTER: dumpcap on lo into the work folder; returns once it is capturing.
start_capture() {
    local name=$1 filter=$2 i
    dumpcap -i lo -f "$filter" -P -q -w "$WORK/$name.pcap" 2>"$WORK/$name.dumpcap.log" &
    DUMPCAP_PID=$!
    for ((i = 0; i < 100; i++)); do
        grep -q "Capturing on" "$WORK/$name.dumpcap.log" 2>/dev/null && break
        kill -0 "$DUMPCAP_PID" 2>/dev/null || die "dumpcap failed: $(cat "$WORK/$name.dumpcap.log")"
        sleep 0.1
    done
    grep -q "Capturing on" "$WORK/$name.dumpcap.log" || die "dumpcap did not start"
    sleep 0.3
}

# stop_capture NAME: lets the last packets land, stops dumpcap cleanly (SIGINT), moves the file.
stop_capture() {
    local name=$1
    sleep 0.5
    kill -INT "$DUMPCAP_PID"
    wait "$DUMPCAP_PID" || die "dumpcap exited with an error: $(cat "$WORK/$name.dumpcap.log")"
    DUMPCAP_PID=
    mv "$WORK/$name.pcap" "$HERE/$name.pcap"
    rm -f "$WORK/$name.pcap.lines" "$WORK/$name.pcap.msgs"
    chmod 644 "$HERE/$name.pcap"    # dumpcap writes 0600
}

# wait_listening PORT u|t: until a SIPp UAS listens on PORT (UDP or TCP).
wait_listening() {
    local port=$1 proto=$2 i
    for ((i = 0; i < 100; i++)); do
        [[ -n $(ss -H -ln"$proto" "sport = :$port") ]] && return 0
        sleep 0.05
    done
    die "nothing listens on port $port"
}

# sipp_run ROLE ID SCENARIO [ARGS...]: one SIPp instance, logs in the work folder, 60 s at most.
# ID goes into tags and branches (-key id) so that concurrent instances differ.
sipp_run() {
    local role=$1 id=$2 scen=$3
    shift 3
    timeout 60 sipp "$@" -sf "$SC/$scen.$role.xml" -i "$IP" -nostdin -key id "$id" \
        -trace_msg -message_file "$WORK/$id.$role.msg" \
        -trace_err -error_file "$WORK/$id.$role.err" \
        >"$WORK/$id.$role.out" 2>&1
}

# uas ID SCENARIO PORT TRANSPORT(u1|t1) [ARGS...]: starts a UAS in the background (one call).
uas() {
    local id=$1 scen=$2 port=$3 t=$4
    shift 4
    sipp_run uas "$id" "$scen" -p "$port" -t "$t" -m 1 "$@" &
    BG_PIDS+=("$!")
    wait_listening "$port" "${t:0:1}"
}

# uac ID SCENARIO UAS_PORT UAC_PORT TRANSPORT [ARGS...]: runs a UAC in the foreground (one call).
# Call-ID is ID-<call number>@127.0.0.1. UAC_PORT "-" lets the system choose (TCP: no TIME_WAIT
# clash when the script is run twice in a row).
uac() {
    local id=$1 scen=$2 rport=$3 port=$4 t=$5
    shift 5
    local portarg=()
    [[ $port != - ]] && portarg=(-p "$port")
    sipp_run uac "$id" "$scen" "$IP:$rport" "${portarg[@]}" -t "$t" -m 1 -cid_str "$id-%u@$IP" "$@" \
        || die "SIPp UAC $id ($scen) failed, see $WORK/$id.uac.*"
}

# wait_bg: waits for every background SIPp (UAS, delayed UACs); fails if any failed.
wait_bg() {
    local pid rc=0
    for pid in "${BG_PIDS[@]}"; do wait "$pid" || rc=1; done
    BG_PIDS=()
    [[ $rc == 0 ]] || die "a SIPp instance failed, see $WORK/*.out and $WORK/*.err"
}

# ---------------------------------------------------------------------------------------------
# Checks with tshark

# sip_lines FILE: "frame call-id msg msg..." per SIP frame; msg is a method or a status code.
# Kept in the work folder until stop_capture writes that file again (one tshark run per capture
# instead of one per check).
sip_lines() {
    local cache=$WORK/$(basename "$1").lines
    if [[ ! -f $cache ]]; then
        tshark -r "$1" -Y sip -T fields -E occurrence=f -e frame.number -e sip.Call-ID -e _ws.col.Info 2>/dev/null |
            awk -F'\t' '{ n = split($3, parts, " \\| "); out = $1 " " $2
                          for (i = 1; i <= n; i++) {
                              if (match(parts[i], /^Request: [A-Z]+/)) out = out " " substr(parts[i], 10, RLENGTH - 9)
                              else if (match(parts[i], /^Status: [0-9]+/)) out = out " " substr(parts[i], 9, RLENGTH - 8)
                          }
                          print out }' >"$cache"
    fi
    cat "$cache"
}

# expect_dialog FILE CALL-ID "MSG MSG ...": the SIP messages of that Call-ID, in capture order.
expect_dialog() {
    local file=$1 cid=$2 want=$3 got
    got=$(sip_lines "$file" | awk -v c="$cid" '$2 == c { for (i = 3; i <= NF; i++) printf "%s ", $i }' | sed 's/ $//')
    [[ $got == "$want" ]] || die "$(basename "$file"): $cid has '$got', expected '$want'"
}

# expect_total FILE N: the capture holds N SIP messages in all (so nothing else slipped in).
expect_total() {
    local file=$1 want=$2 got
    got=$(sip_lines "$file" | awk '{ n += NF - 2 } END { print n + 0 }')
    [[ $got == "$want" ]] || die "$(basename "$file"): $got SIP messages, expected $want"
}

# frame_of FILE CALL-ID MSG NTH: frame number of the NTH message MSG of that Call-ID.
frame_of() {
    sip_lines "$1" | awk -v c="$2" -v m="$3" -v k="$4" \
        '$2 == c { for (i = 3; i <= NF; i++) if ($i == m && ++seen == k) { print $1; exit } }'
}

expect_pcap() {
    capinfos -t "$1" | grep -q 'pcap$' || die "$(basename "$1") is not in pcap format"
}

# ---------------------------------------------------------------------------------------------
# The captures

SUB_OK_SEQ="SUBSCRIBE 200 NOTIFY 200 SUBSCRIBE 204 SUBSCRIBE 200 NOTIFY 200"
SUB_430_SEQ="SUBSCRIBE 200 NOTIFY 200 SUBSCRIBE 204 NOTIFY 430"
SUB_600_SEQ="SUBSCRIBE 200 NOTIFY 200 SUBSCRIBE 204 SUBSCRIBE 600"
CALL_SEQ="INVITE 100 180 200 ACK BYE 200"

make_call_udp() {
    start_capture call-udp "udp port 5070 or udp port 5071"
    uas call call 5070 u1 -d 500
    uac call call 5070 5071 u1 -d 1000
    wait_bg
    stop_capture call-udp
    expect_dialog "$HERE/call-udp.pcap" "call-1@$IP" "$CALL_SEQ"
    expect_total "$HERE/call-udp.pcap" 7
}

make_cancel_udp() {
    start_capture cancel-udp "udp port 5073 or udp port 5074"
    uas cancel cancel 5073 u1
    uac cancel cancel 5073 5074 u1 -d 1000
    wait_bg
    stop_capture cancel-udp
    expect_dialog "$HERE/cancel-udp.pcap" "cancel-1@$IP" "INVITE 100 180 CANCEL 200 487 ACK"
    expect_total "$HERE/cancel-udp.pcap" 7
}

make_register_401_udp() {
    start_capture register-401-udp "udp port 5075 or udp port 5076"
    uas register register-401 5075 u1
    uac register register-401 5075 5076 u1 -au alice -ap secret
    wait_bg
    stop_capture register-401-udp
    expect_dialog "$HERE/register-401-udp.pcap" "register-1@$IP" "REGISTER 401 REGISTER 200"
    expect_total "$HERE/register-401-udp.pcap" 4
}

make_subscribe_204_notify_430_udp() {
    start_capture subscribe-204-notify-430-udp "udp port 5077 or udp port 5078"
    uas sub-204-430 sub-204-430 5077 u1 -d 700
    uac sub-204-430 sub-204-430 5077 5078 u1 -d 700
    wait_bg
    stop_capture subscribe-204-notify-430-udp
    expect_dialog "$HERE/subscribe-204-notify-430-udp.pcap" "sub-204-430-1@$IP" "$SUB_430_SEQ"
    expect_total "$HERE/subscribe-204-notify-430-udp.pcap" 8
}

make_invite_100_430_udp() {
    start_capture invite-100-430-udp "udp port 5079 or udp port 5080"
    uas invite-100-430 invite-430 5079 u1 -d 200
    uac invite-100-430 invite-430 5079 5080 u1
    wait_bg
    stop_capture invite-100-430-udp
    expect_dialog "$HERE/invite-100-430-udp.pcap" "invite-100-430-1@$IP" "INVITE 100 430 ACK"
    expect_total "$HERE/invite-100-430-udp.pcap" 4
}

make_subscribe_204_refresh_600_udp() {
    start_capture subscribe-204-refresh-600-udp "udp port 5081 or udp port 5082"
    uas sub-204-600 sub-204-600 5081 u1
    uac sub-204-600 sub-204-600 5081 5082 u1 -d 700
    wait_bg
    stop_capture subscribe-204-refresh-600-udp
    expect_dialog "$HERE/subscribe-204-refresh-600-udp.pcap" "sub-204-600-1@$IP" "$SUB_600_SEQ"
    expect_total "$HERE/subscribe-204-refresh-600-udp.pcap" 8
}

make_tcp_multi_message() {
    local f=$HERE/tcp-multi-message.pcap
    start_capture tcp-multi-message "tcp port 5083"
    uas tcp-multi call-multi 5083 t1 -d 500
    uac tcp-multi call 5083 - t1 -d 1000
    wait_bg
    stop_capture tcp-multi-message
    expect_dialog "$f" "tcp-multi-1@$IP" "$CALL_SEQ"
    expect_total "$f" 7
    sip_lines "$f" | grep -q " tcp-multi-1@$IP 100 180$" ||
        die "tcp-multi-message.pcap: no TCP segment with both 100 and 180"
}

# The injection file codes.csv (SEQUENTIAL, "code;phrase") drives the answers. SIPp checks the
# status code of every <send> when it loads a scenario, so "SIP/2.0 [field0] ..." is refused
# ("Response codes must be in the range of 100-700"): the UAS scenario therefore has one <send> per
# code, generated here from codes.csv in the file's order, and jumps to the one of [field0] (its
# line in codes.csv, found by <lookup> in the index made by -infindex); the phrase is [field1].
# A jump costs one step of SIPp's event loop, so the answer leaves at once (a chain of 81
# conditional <nop>s delayed the last codes by ~80 ms, past the next OPTIONS).
gen_codes_uas() {
    local codes code n end totag
    codes=$(grep -E '^[0-9]{3};' "$SC/codes.csv" | cut -d';' -f1)
    n=$(echo "$codes" | wc -l)
    end=$((2 + 2 * n))
    {
        cat <<EOF
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<!-- GENERATED by make_captures.sh from codes.csv: edit codes.csv, not this file.
     Answers each OPTIONS (one call each) with the status code [field0] and the reason phrase
     [field1] of the next line of the injection file codes.csv (-inf codes.csv, SEQUENTIAL;
     -infindex codes.csv 0). SIPp refuses a keyword as status code, so there is one <send> per code,
     in the order of codes.csv: element 2+2*L answers the code of line L, element 3+2*L jumps to
     the end ($end). Used by all-codes-wrong-phrases. -->
<scenario name="OPTIONS answerer, one code per call">
  <recv request="OPTIONS">
    <action>
      <lookup assign_to="line" file="codes.csv" key="[field0]"/>
      <multiply assign_to="line" value="2"/>
      <add assign_to="line" value="2"/>
    </action>
  </recv>

  <nop hide="true">
    <action>
      <jump variable="line"/>
    </action>
  </nop>
EOF
        for code in $codes; do
            totag=';tag=[id]-[call_number]-uas'
            [[ $code == 100 ]] && totag=''    # a 100 Trying carries no To tag
            cat <<EOF

  <send>
    <![CDATA[

      SIP/2.0 $code [field1]
      [last_Via:]
      [last_From:]
      [last_To:]$totag
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>
  <nop hide="true"><action><jump value="$end"/></action></nop>
EOF
        done
        echo '</scenario>'
    } >"$SC/options-codes.uas.xml"
}

make_all_codes_wrong_phrases() {
    local f=$HERE/all-codes-wrong-phrases.pcap n expected
    gen_codes_uas
    n=$(grep -cE '^[0-9]{3};' "$SC/codes.csv")
    start_capture all-codes-wrong-phrases "udp port 5085 or udp port 5086"
    sipp_run uas code options-codes -p 5085 -t u1 -m "$n" -inf "$SC/codes.csv" -infindex codes.csv 0 &
    BG_PIDS+=("$!")
    wait_listening 5085 u
    # One OPTIONS per call, one call at a time (-l 1); the answer arrives during the scenario's
    # short pause and is ignored there (-pause_msg_ign), whatever its code.
    sipp_run uac code options "$IP:5085" -p 5086 -t u1 -m "$n" -l 1 -r 40 -pause_msg_ign \
        -cid_str "code-%u@$IP" || die "SIPp UAC code (options) failed"
    wait_bg
    stop_capture all-codes-wrong-phrases
    expect_total "$f" $((2 * n))
    expected=$(grep -E '^[0-9]{3};' "$SC/codes.csv" | cut -d';' -f1 | tr '\n' ' ' | sed 's/ $//')
    [[ $(tshark -r "$f" -Y sip.Status-Code -T fields -e sip.Status-Code 2>/dev/null | tr '\n' ' ' | sed 's/ $//') == "$expected" ]] ||
        die "all-codes-wrong-phrases.pcap: the status codes are not those of codes.csv, in order"
    [[ $(tshark -r "$f" -Y 'sip.Status-Code' -T fields -e sip.Call-ID 2>/dev/null | sort -u | wc -l) == "$n" ]] ||
        die "all-codes-wrong-phrases.pcap: the responses do not have one Call-ID each"
    # Strictly one call after the other: OPTIONS, its answer, next OPTIONS, ...
    sip_lines "$f" | awk 'NR % 2 == 1 { if ($3 != "OPTIONS") exit 1; cid = $2 }
                          NR % 2 == 0 { if ($3 !~ /^[0-9]+$/ || $2 != cid) exit 1 }' ||
        die "all-codes-wrong-phrases.pcap: OPTIONS and answers do not alternate call by call"
}

# Six SIPp pairs at once, started at staggered times so that their messages interleave:
#   (a) seed-a: SUBSCRIBE 200, NOTIFY 200, refresh 204, NOTIFY 430     (204 at ~1.3 s, 430 at ~3.3 s)
#   (b) seed-b: INVITE 100 430 ACK                                      (starts ~2.8 s)
#   (c) seed-c: SUBSCRIBE 200, NOTIFY 200, refresh 204, refresh 600    (204 at ~2.5 s, 600 at ~4.1 s)
#   (d) seed-d: SUBSCRIBE 200, NOTIFY 200, refresh 204, unsubscribe 200, NOTIFY 200 (no failure)
#   (e) seed-e: INVITE 100 180 200 ACK BYE 200                          (the whole time)
#   (f) seed-f: SUBSCRIBE 200, NOTIFY 200, NOTIFY 430, no 204           (430 at ~2.3 s: after (a)'s 204)
# Ports: UAS BASE, BASE+2, ... BASE+10 for (a)..(f); UDP UACs BASE+1, BASE+3, ...
make_seeds() {
    local name=$1 t=$2 base=$3 proto filter f
    proto=${t:0:1}
    f=$HERE/$name.pcap
    if [[ $proto == u ]]; then filter="udp portrange $base-$((base + 11))"; else filter="tcp portrange $base-$((base + 11))"; fi
    uacport() { if [[ $proto == u ]]; then echo $(($1 + 1)); else echo -; fi; }

    start_capture "$name" "$filter"
    uas "$name-a" sub-204-430 "$base" "$t" -d 2000
    uas "$name-b" invite-430 $((base + 2)) "$t" -d 300
    uas "$name-c" sub-204-600 $((base + 4)) "$t"
    uas "$name-d" sub-ok $((base + 6)) "$t"
    uas "$name-e" call $((base + 8)) "$t" -d 1000
    uas "$name-f" sub-notify-430 $((base + 10)) "$t" -d 1500
    (uac "$name-e" call $((base + 8)) "$(uacport $((base + 8)))" "$t" -d 3500) &
    BG_PIDS+=("$!")
    (sleep 0.3 && uac "$name-a" sub-204-430 "$base" "$(uacport "$base")" "$t" -d 1000) &
    BG_PIDS+=("$!")
    (sleep 0.6 && uac "$name-d" sub-ok $((base + 6)) "$(uacport $((base + 6)))" "$t" -d 1500) &
    BG_PIDS+=("$!")
    (sleep 0.8 && uac "$name-f" sub-notify-430 $((base + 10)) "$(uacport $((base + 10)))" "$t") &
    BG_PIDS+=("$!")
    (sleep 0.9 && uac "$name-c" sub-204-600 $((base + 4)) "$(uacport $((base + 4)))" "$t" -d 1600) &
    BG_PIDS+=("$!")
    (sleep 2.8 && uac "$name-b" invite-430 $((base + 2)) "$(uacport $((base + 2)))" "$t") &
    BG_PIDS+=("$!")
    wait_bg
    stop_capture "$name"

    expect_dialog "$f" "$name-a-1@$IP" "$SUB_430_SEQ"
    expect_dialog "$f" "$name-b-1@$IP" "INVITE 100 430 ACK"
    expect_dialog "$f" "$name-c-1@$IP" "$SUB_600_SEQ"
    expect_dialog "$f" "$name-d-1@$IP" "$SUB_OK_SEQ"
    expect_dialog "$f" "$name-e-1@$IP" "$CALL_SEQ"
    expect_dialog "$f" "$name-f-1@$IP" "SUBSCRIBE 200 NOTIFY 200 NOTIFY 430"
    expect_total "$f" 43
    # (f)'s 430 must come after (a)'s 204 (and, as planned, before (a)'s own 430).
    local a204 a430 f430
    a204=$(frame_of "$f" "$name-a-1@$IP" 204 1)
    a430=$(frame_of "$f" "$name-a-1@$IP" 430 1)
    f430=$(frame_of "$f" "$name-f-1@$IP" 430 1)
    ((a204 < f430 && f430 < a430)) || die "$name.pcap: frames a204=$a204 f430=$f430 a430=$a430 out of order"
}

make_seeds_udp() { make_seeds seeds-udp u1 5100; }
make_seeds_tcp() { make_seeds seeds-tcp t1 5120; }

# ---------------------------------------------------------------------------------------------
# Captures of the headers that explain a response (Reason, Warning, Retry-After, Min-Expires,
# Min-SE, Unsupported, Allow, Accept*, Allow-Events, Security-Server, Contact of 3xx ...), of the
# request methods, and of requests never answered. One dialog after the other on one port pair per
# capture, each dialog its own SIPp pair (its own -key id, hence its own Call-ID, tags and
# branches); the generic scenarios (reject, call-bye, request ...) get their header lines with
# -set. Every capture is UDP.

# pair ID SCENARIO UAS_PORT UAC_PORT [UAS ARGS...] -- [UAC ARGS...]: one dialog: the UAS in the
# background, the UAC in the foreground; returns when both have ended (exit status 0).
pair() {
    local id=$1 scen=$2 sport=$3 cport=$4 sargs=()
    shift 4
    while [[ $# -gt 0 && $1 != -- ]]; do
        sargs+=("$1")
        shift
    done
    [[ $# -gt 0 ]] && shift
    uas "$id" "$scen" "$sport" u1 "${sargs[@]}"
    uac "$id" "$scen" "$sport" "$cport" u1 "$@"
    wait_bg
}

# expect_hdrs FILE FIELD [FILTER] < EXPECTED: one line "Call-ID MSG VALUE" per SIP message that
# has the header FIELD (and matches FILTER), in capture order, must equal stdin exactly (MSG: the
# method, or the status code; two header lines of that name in one message give "VALUE1|VALUE2").
expect_hdrs() {
    local file=$1 field=$2 filter=${3:-$2} got want
    want=$(cat)
    got=$(tshark -r "$file" -Y "$filter" -T fields -E aggregator='|' \
        -e sip.Call-ID -e sip.Method -e sip.Status-Code -e "$field" 2>/dev/null |
        awk -F'\t' '{ print $1 " " ($2 != "" ? $2 : $3) " " $4 }')
    [[ $got == "$want" ]] || die "$(basename "$file"): $field is
$got
expected
$want"
}

# expect_gaps FILE CALL-ID "S S ...": the time between one message of that Call-ID and the next, in
# seconds, each within 0.15 s of the expected one (the retransmission timers).
expect_gaps() {
    local file=$1 cid=$2 want=$3 got
    got=$(tshark -r "$file" -Y "sip.Call-ID == \"$cid\"" -T fields -e frame.time_relative 2>/dev/null |
        awk 'NR > 1 { printf "%.3f ", $1 - prev } { prev = $1 }')
    awk -v got="$got" -v want="$want" 'BEGIN {
            n = split(got, g, " "); m = split(want, w, " ")
            if (n != m) exit 1
            for (i = 1; i <= n; i++) if (g[i] - w[i] > 0.15 || w[i] - g[i] > 0.15) exit 1 }' ||
        die "$(basename "$file"): $cid: gaps of $got s, expected $want s"
}

# Default SDP offers for the generic caller scenarios (reject, call-bye): the media line and its
# attributes, set as variables m and a1..a5.
SDP_PCMA=(-set m 'm=audio 49170 RTP/AVP 8 0 101' -set a1 'a=rtpmap:8 PCMA/8000'
    -set a2 'a=rtpmap:0 PCMU/8000' -set a3 'a=rtpmap:101 telephone-event/8000'
    -set a4 'a=fmtp:101 0-16' -set a5 'a=sendrecv')
SDP_G729=(-set m 'm=audio 49170 RTP/AVP 18' -set a1 'a=rtpmap:18 G729/8000'
    -set a2 'a=fmtp:18 annexb=no' -set a3 'a=ptime:20' -set a4 'a=sendrecv')
# SRTP (RFC 4568, the key of its example)
SDP_SRTP=(-set m 'm=audio 49170 RTP/SAVP 8 0'
    -set a1 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32'
    -set a2 'a=rtpmap:8 PCMA/8000' -set a3 'a=rtpmap:0 PCMU/8000' -set a4 'a=sendrecv')

# Reason (RFC 3326) in responses, BYEs and a CANCEL; Q.850, SIP, RELEASE_CAUSE (3GPP TS 24.229
# 7.2A.18) and Preemption (RFC 4411) values. Ports 5140 (bob) and 5141 (alice).
make_reason_udp() {
    local f=$HERE/reason-udp.pcap p=(5140 5141)
    start_capture reason-udp "udp port 5140 or udp port 5141"
    # (a) busy, the cause agrees with the code
    pair reason-a reject "${p[@]}" -set trying 1 -set ring 1 -d 300 -set c486 1 \
        -set h1 'Reason: Q.850;cause=17;text="User busy"' -- "${SDP_PCMA[@]}"
    # (b) 486 with a cause that says the opposite
    pair reason-b reject "${p[@]}" -set trying 1 -set c486 1 \
        -set h1 'Reason: Q.850;cause=16;text="Normal call clearing"' -- "${SDP_PCMA[@]}"
    # (c) 503 with Retry-After and a bare cause (no text)
    pair reason-c reject "${p[@]}" -set trying 1 -set c503 1 \
        -set h1 'Retry-After: 120' -set h2 'Reason: Q.850;cause=34' -- "${SDP_PCMA[@]}"
    # (d) one Reason header, two reason-values
    pair reason-d reject "${p[@]}" -set trying 1 -set ring 1 -d 300 -set c480 1 \
        -set h1 'Reason: SIP;cause=480;text="Temporarily Unavailable", Q.850;cause=19;text="No answer from user"' \
        -- "${SDP_PCMA[@]}"
    # (e) (f) the gateway (bob) hangs up with a Q.850 cause
    pair reason-e call-bye "${p[@]}" -d 300 -set bye1 'Reason: Q.850;cause=16;text="Normal call clearing"' \
        -- "${SDP_PCMA[@]}"
    pair reason-f call-bye "${p[@]}" -d 300 -set bye1 'Reason: Q.850;cause=102;text="Recovery on timer expiry"' \
        -- "${SDP_PCMA[@]}"
    # (g) CANCEL by a forking proxy whose other branch answered
    pair reason-g cancel-reason "${p[@]}" -- -d 300 -set reason 'Reason: SIP;cause=200;text="Call completed elsewhere"'
    # (h) the IMS UE (alice) hangs up because its media stopped
    pair reason-h call-bye "${p[@]}" -d 300 -set uacbye 1 -- -d 300 -set uacbye 1 \
        -set bye1 'Reason: RELEASE_CAUSE;cause=2;text="RTP/RTCP time-out"' "${SDP_PCMA[@]}"
    # (i) two Reason header lines in one response
    pair reason-i reject "${p[@]}" -set trying 1 -set c503 1 \
        -set h1 'Reason: Q.850;cause=41' -set h2 'Reason: SIP;cause=503' -- "${SDP_PCMA[@]}"
    # (j) preemption (RFC 4411) of a call being set up
    pair reason-j reject "${p[@]}" -set trying 1 -set ring 1 -d 300 -set c480 1 \
        -set h1 'Reason: Preemption;cause=2;text="Reserved resources preempted"' -- "${SDP_PCMA[@]}"
    stop_capture reason-udp

    expect_dialog "$f" "reason-a-1@$IP" "INVITE 100 180 486 ACK"
    expect_dialog "$f" "reason-b-1@$IP" "INVITE 100 486 ACK"
    expect_dialog "$f" "reason-c-1@$IP" "INVITE 100 503 ACK"
    expect_dialog "$f" "reason-d-1@$IP" "INVITE 100 180 480 ACK"
    expect_dialog "$f" "reason-e-1@$IP" "$CALL_SEQ"
    expect_dialog "$f" "reason-f-1@$IP" "$CALL_SEQ"
    expect_dialog "$f" "reason-g-1@$IP" "INVITE 100 180 CANCEL 200 487 ACK"
    expect_dialog "$f" "reason-h-1@$IP" "$CALL_SEQ"
    expect_dialog "$f" "reason-i-1@$IP" "INVITE 100 503 ACK"
    expect_dialog "$f" "reason-j-1@$IP" "INVITE 100 180 480 ACK"
    expect_total "$f" 55
    expect_hdrs "$f" sip.Reason <<EOF
reason-a-1@$IP 486 Q.850;cause=17;text="User busy"
reason-b-1@$IP 486 Q.850;cause=16;text="Normal call clearing"
reason-c-1@$IP 503 Q.850;cause=34
reason-d-1@$IP 480 SIP;cause=480;text="Temporarily Unavailable", Q.850;cause=19;text="No answer from user"
reason-e-1@$IP BYE Q.850;cause=16;text="Normal call clearing"
reason-f-1@$IP BYE Q.850;cause=102;text="Recovery on timer expiry"
reason-g-1@$IP CANCEL SIP;cause=200;text="Call completed elsewhere"
reason-h-1@$IP BYE RELEASE_CAUSE;cause=2;text="RTP/RTCP time-out"
reason-i-1@$IP 503 Q.850;cause=41|SIP;cause=503
reason-j-1@$IP 480 Preemption;cause=2;text="Reserved resources preempted"
EOF
    expect_hdrs "$f" sip.Retry-After <<<"reason-c-1@$IP 503 120"
    # bob's BYEs in (e) and (f), alice's in (h)
    [[ $(tshark -r "$f" -Y 'sip.Method == "BYE"' -T fields -e sip.Call-ID -e udp.srcport 2>/dev/null | tr '\t\n' '  ') == \
        "reason-e-1@$IP 5140 reason-f-1@$IP 5140 reason-h-1@$IP 5141 " ]] ||
        die "reason-udp.pcap: the BYEs do not come from bob, bob and alice"
}

# Warning (RFC 3261 20.43): registered codes 302 304 305 399, two values in one header, and the
# unregistered 392 that SER/Kamailio/OpenSIPS (sip_warning) put in the replies they make.
# Ports 5142 (bob) and 5143 (alice).
make_warning_udp() {
    local f=$HERE/warning-udp.pcap p=(5142 5143)
    start_capture warning-udp "udp port 5142 or udp port 5143"
    # (a) re-INVITE to T.38 refused
    pair warning-a reinvite-t38 "${p[@]}" -- -d 300
    # (b) G.729 only: 606, two warning-values
    pair warning-b reject "${p[@]}" -set trying 1 -set c606 1 \
        -set h1 'Warning: 304 127.0.0.1 "Media type not available", 399 127.0.0.1 "Codec negotiation failed: no common codec"' \
        -- "${SDP_G729[@]}"
    # (c) a 200 with the 392 "Noisy feedback" warning
    pair warning-c call-bye "${p[@]}" -d 300 -set uacbye 1 \
        -set ok1 'Warning: 392 127.0.0.1:5142 "Noisy feedback tells:  pid=12345 req_src_ip=127.0.0.1 req_src_port=5143 in_uri=sip:bob@127.0.0.1:5142 out_uri=sip:bob@127.0.0.1:5142 via_cnt==1"' \
        -- -d 300 -set uacbye 1 "${SDP_PCMA[@]}"
    # (d) SRTP offered to a callee without it
    pair warning-d reject "${p[@]}" -set trying 1 -set c488 1 \
        -set h1 'Warning: 302 127.0.0.1 "Incompatible transport protocol"' -- "${SDP_SRTP[@]}"
    stop_capture warning-udp

    expect_dialog "$f" "warning-a-1@$IP" "INVITE 100 200 ACK INVITE 488 ACK BYE 200"
    expect_dialog "$f" "warning-b-1@$IP" "INVITE 100 606 ACK"
    expect_dialog "$f" "warning-c-1@$IP" "$CALL_SEQ"
    expect_dialog "$f" "warning-d-1@$IP" "INVITE 100 488 ACK"
    expect_total "$f" 24
    expect_hdrs "$f" sip.Warning <<EOF
warning-a-1@$IP 488 305 127.0.0.1 "Incompatible media format"
warning-b-1@$IP 606 304 127.0.0.1 "Media type not available", 399 127.0.0.1 "Codec negotiation failed: no common codec"
warning-c-1@$IP 200 392 127.0.0.1:5142 "Noisy feedback tells:  pid=12345 req_src_ip=127.0.0.1 req_src_port=5143 in_uri=sip:bob@127.0.0.1:5142 out_uri=sip:bob@127.0.0.1:5142 via_cnt==1"
warning-d-1@$IP 488 302 127.0.0.1 "Incompatible transport protocol"
EOF
    # the offers the warnings answer
    tshark -r "$f" -Y "sip.Call-ID == \"warning-a-1@$IP\" && sdp.media == \"image 49170 udptl t38\"" 2>/dev/null | grep -q . ||
        die "warning-udp.pcap: (a) has no re-INVITE offering only T.38"
    [[ $(tshark -r "$f" -Y "sip.Method == \"INVITE\" && (sip.Call-ID == \"warning-b-1@$IP\" || sip.Call-ID == \"warning-d-1@$IP\")" \
        -T fields -e sdp.media 2>/dev/null | tr '\n' '|') == "audio 49170 RTP/AVP 18|audio 49170 RTP/SAVP 8 0|" ]] ||
        die "warning-udp.pcap: (b) does not offer G.729 only, or (d) not RTP/SAVP"
}

# REGISTER: 423 Interval Too Brief with Min-Expires, then Digest, then a refresh with an expired
# nonce (401 stale=true). Ports 5144 (registrar) and 5145 (alice).
make_register_interval_udp() {
    local f=$HERE/register-interval-udp.pcap
    start_capture register-interval-udp "udp port 5144 or udp port 5145"
    pair register-interval register-interval 5144 5145 -- -au alice -ap secret -d 1000
    stop_capture register-interval-udp

    expect_dialog "$f" "register-interval-1@$IP" "REGISTER 423 REGISTER 401 REGISTER 200 REGISTER 401 REGISTER 200"
    expect_total "$f" 10
    expect_hdrs "$f" sip.Min-Expires <<<"register-interval-1@$IP 423 3600"
    expect_hdrs "$f" sip.Expires <<EOF
register-interval-1@$IP REGISTER 60
register-interval-1@$IP REGISTER 3600
register-interval-1@$IP REGISTER 3600
register-interval-1@$IP REGISTER 3600
register-interval-1@$IP REGISTER 3600
EOF
    expect_hdrs "$f" sip.Contact <<EOF
register-interval-1@$IP REGISTER <sip:alice@127.0.0.1:5145;transport=UDP>;expires=60
register-interval-1@$IP REGISTER <sip:alice@127.0.0.1:5145;transport=UDP>;expires=3600
register-interval-1@$IP REGISTER <sip:alice@127.0.0.1:5145;transport=UDP>;expires=3600
register-interval-1@$IP 200 <sip:alice@127.0.0.1:5145;transport=UDP>;expires=3600
register-interval-1@$IP REGISTER <sip:alice@127.0.0.1:5145;transport=UDP>;expires=3600
register-interval-1@$IP REGISTER <sip:alice@127.0.0.1:5145;transport=UDP>;expires=3600
register-interval-1@$IP 200 <sip:alice@127.0.0.1:5145;transport=UDP>;expires=3600
EOF
    expect_hdrs "$f" sip.WWW-Authenticate <<EOF
register-interval-1@$IP 401 Digest realm="sipadvice.test", nonce="5f3a9c2e7b1d4e6f8a0b2c4d6e8f0a1b", algorithm=MD5, qop="auth"
register-interval-1@$IP 401 Digest realm="sipadvice.test", nonce="a1c3e5f7092b4d6f8e0a2c4e6a8c0e2f", algorithm=MD5, qop="auth", stale=true
EOF
    # the refresh (CSeq 4) still uses the first nonce (nc 2), the last REGISTER the new one (nc 1)
    [[ $(tshark -r "$f" -Y sip.Authorization -T fields -e sip.CSeq.seq -e sip.auth.nonce -e sip.auth.nc 2>/dev/null | tr -d '"' | tr '\t\n' '  ') == \
        "3 5f3a9c2e7b1d4e6f8a0b2c4d6e8f0a1b 00000001 4 5f3a9c2e7b1d4e6f8a0b2c4d6e8f0a1b 00000002 5 a1c3e5f7092b4d6f8e0a2c4e6a8c0e2f 00000001 " ]] ||
        die "register-interval-udp.pcap: the Authorization nonces are not old, old, new (nc 1, 2, 1)"
}

# Session timers (RFC 4028): 422 Session Interval Too Small with Min-SE, then the INVITE again.
# Ports 5146 (bob) and 5147 (alice).
make_session_timer_udp() {
    local f=$HERE/session-timer-udp.pcap
    start_capture session-timer-udp "udp port 5146 or udp port 5147"
    pair session-timer session-timer 5146 5147 -- -d 300
    stop_capture session-timer-udp

    expect_dialog "$f" "session-timer-1@$IP" "INVITE 422 ACK INVITE 100 200 ACK BYE 200"
    expect_total "$f" 9
    expect_hdrs "$f" sip.Min-SE <<EOF
session-timer-1@$IP INVITE 60
session-timer-1@$IP 422 90
session-timer-1@$IP INVITE 90
EOF
    expect_hdrs "$f" sip.Session-Expires <<EOF
session-timer-1@$IP INVITE 60
session-timer-1@$IP INVITE 90;refresher=uac
session-timer-1@$IP 200 90;refresher=uac
EOF
    expect_hdrs "$f" sip.Require <<<"session-timer-1@$IP 200 timer"
    [[ $(tshark -r "$f" -Y 'sip.Method == "INVITE"' -T fields -e sip.CSeq.seq -e sip.Via.branch 2>/dev/null | tr '\t\n' '  ') == \
        "1 z9hG4bK-session-timer-1-inv1 2 z9hG4bK-session-timer-1-inv2 " ]] ||
        die "session-timer-udp.pcap: the two INVITEs do not have CSeq 1, 2 and their own branches"
}

# Extensions and what the UAS accepts: 420 Unsupported, 421 Require, 405 Allow, 415 Accept*,
# 489 Allow-Events, 417 Accept-Resource-Priority, 494 Security-Server. Ports 5148 (bob), 5149.
make_extensions_udp() {
    local f=$HERE/extensions-udp.pcap p=(5148 5149)
    start_capture extensions-udp "udp port 5148 or udp port 5149"
    pair extensions-a reject "${p[@]}" -set c420 1 -set h1 'Unsupported: foo-ext' \
        -- -set rq1 'Require: foo-ext' "${SDP_PCMA[@]}"
    pair extensions-b reject "${p[@]}" -set c421 1 -set h1 'Require: 100rel' \
        -- -set rq1 'Supported: timer, replaces' "${SDP_PCMA[@]}"
    pair extensions-c request "${p[@]}" -set c405 1 -set h1 'Allow: INVITE, ACK, BYE, CANCEL, OPTIONS' \
        -- -set message 1
    pair extensions-d info-415 "${p[@]}" -- -d 200
    pair extensions-e request "${p[@]}" -set c489 1 -set h1 'Allow-Events: presence, dialog, message-summary' \
        -- -set subscribe 1 -set rq1 'Event: foo' -set rq2 'Accept: application/foo+xml'
    pair extensions-f reject "${p[@]}" -set c417 1 -set h1 'Accept-Resource-Priority: wps.0, wps.1, ets.0' \
        -- -set rq1 'Resource-Priority: foo.1' -set rq2 'Require: resource-priority' "${SDP_PCMA[@]}"
    pair extensions-g request "${p[@]}" -set c494 1 \
        -set h1 'Security-Server: ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333;spi-s=4444;port-c=5066;port-s=5068' \
        -- -set register 1 \
        -set rq1 'Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=5062;port-s=5064' \
        -set rq2 'Require: sec-agree' -set rq3 'Proxy-Require: sec-agree'
    pair extensions-h reject "${p[@]}" -set c415 1 -set h1 'Accept: application/sdp' -- -set vnd 1
    stop_capture extensions-udp

    expect_dialog "$f" "extensions-a-1@$IP" "INVITE 420 ACK"
    expect_dialog "$f" "extensions-b-1@$IP" "INVITE 421 ACK"
    expect_dialog "$f" "extensions-c-1@$IP" "MESSAGE 405"
    expect_dialog "$f" "extensions-d-1@$IP" "INVITE 100 180 200 ACK INFO 415 BYE 200"
    expect_dialog "$f" "extensions-e-1@$IP" "SUBSCRIBE 489"
    expect_dialog "$f" "extensions-f-1@$IP" "INVITE 417 ACK"
    expect_dialog "$f" "extensions-g-1@$IP" "REGISTER 494"
    expect_dialog "$f" "extensions-h-1@$IP" "INVITE 415 ACK"
    expect_total "$f" 27
    expect_hdrs "$f" sip.Unsupported <<<"extensions-a-1@$IP 420 foo-ext"
    expect_hdrs "$f" sip.Require <<EOF
extensions-a-1@$IP INVITE foo-ext
extensions-b-1@$IP 421 100rel
extensions-f-1@$IP INVITE resource-priority
extensions-g-1@$IP REGISTER sec-agree
EOF
    expect_hdrs "$f" sip.Supported <<<"extensions-b-1@$IP INVITE timer, replaces"
    expect_hdrs "$f" sip.Allow <<EOF
extensions-a-1@$IP INVITE INVITE, ACK, CANCEL, BYE, OPTIONS
extensions-b-1@$IP INVITE INVITE, ACK, CANCEL, BYE, OPTIONS
extensions-c-1@$IP 405 INVITE, ACK, BYE, CANCEL, OPTIONS
extensions-d-1@$IP INVITE INVITE, ACK, CANCEL, BYE, OPTIONS, INFO
extensions-d-1@$IP 200 INVITE, ACK, CANCEL, BYE, OPTIONS, INFO
extensions-f-1@$IP INVITE INVITE, ACK, CANCEL, BYE, OPTIONS
extensions-h-1@$IP INVITE INVITE, ACK, CANCEL, BYE, OPTIONS
EOF
    expect_hdrs "$f" sip.Accept <<EOF
extensions-d-1@$IP 415 application/dtmf-relay, application/dtmf
extensions-e-1@$IP SUBSCRIBE application/foo+xml
extensions-h-1@$IP 415 application/sdp
EOF
    expect_hdrs "$f" sip.Accept-Encoding <<<"extensions-d-1@$IP 415 identity"
    expect_hdrs "$f" sip.Accept-Language <<<"extensions-d-1@$IP 415 en"
    expect_hdrs "$f" sip.Event <<<"extensions-e-1@$IP SUBSCRIBE foo"
    expect_hdrs "$f" sip.Allow-Events <<<"extensions-e-1@$IP 489 presence, dialog, message-summary"
    expect_hdrs "$f" sip.Resource-Priority <<<"extensions-f-1@$IP INVITE foo.1"
    expect_hdrs "$f" sip.Accept-Resource-Priority <<<"extensions-f-1@$IP 417 wps.0, wps.1, ets.0"
    expect_hdrs "$f" sip.Security-Client <<<"extensions-g-1@$IP REGISTER ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=5062;port-s=5064"
    expect_hdrs "$f" sip.Security-Server <<<"extensions-g-1@$IP 494 ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=3333;spi-s=4444;port-c=5066;port-s=5068"
    expect_hdrs "$f" sip.Proxy-Require <<<"extensions-g-1@$IP REGISTER sec-agree"
    expect_hdrs "$f" sip.Content-Type 'sip.Content-Type && !(sip.Content-Type == "application/sdp")' <<EOF
extensions-c-1@$IP MESSAGE text/plain
extensions-d-1@$IP INFO application/x-vendor-dtmf
extensions-h-1@$IP INVITE application/vnd.foo
EOF
}

# Redirection: 302 with two Contacts (q) and Expires, followed by alice to the first one (same
# Call-ID, CSeq 2, new branch); a 301 with one Contact on another call. Ports: 5150 the redirect
# server, 5151 alice, 5152 bob (the first Contact); 5153 (bob-mobile, the second) gets nothing.
make_redirect_udp() {
    local f=$HERE/redirect-udp.pcap
    start_capture redirect-udp "udp portrange 5150-5153"
    # (a) The redirect server is a second SIPp UAS with its own key, hence its own To tag
    #     (redirect-a-rs-1-uas); bob's is redirect-a-1-uas.
    uas redirect-a-rs reject 5150 u1 -set c302 1 \
        -set h1 'Contact: <sip:bob@127.0.0.1:5152>;q=0.7, <sip:bob-mobile@127.0.0.1:5153>;q=0.3' \
        -set h2 'Expires: 60'
    uas redirect-a call-bye 5152 u1 -d 300 -set uacbye 1
    uac redirect-a redirect 5150 5151 u1 -d 300
    wait_bg
    # (b) 301, one Contact; alice does not follow it
    pair redirect-b reject 5150 5151 -set c301 1 -set h1 'Contact: <sip:robert@127.0.0.1:5152>' \
        -- "${SDP_PCMA[@]}"
    stop_capture redirect-udp

    expect_dialog "$f" "redirect-a-1@$IP" "INVITE 302 ACK INVITE 100 180 200 ACK BYE 200"
    expect_dialog "$f" "redirect-b-1@$IP" "INVITE 301 ACK"
    expect_total "$f" 13
    expect_hdrs "$f" sip.Contact 'sip.Status-Code >= 300' <<EOF
redirect-a-1@$IP 302 <sip:bob@127.0.0.1:5152>;q=0.7, <sip:bob-mobile@127.0.0.1:5153>;q=0.3
redirect-b-1@$IP 301 <sip:robert@127.0.0.1:5152>
EOF
    expect_hdrs "$f" sip.Expires 'sip.Expires && sip.Status-Code' <<<"redirect-a-1@$IP 302 60"
    [[ $(tshark -r "$f" -Y 'sip.Method == "INVITE"' -T fields -e sip.r-uri -e sip.CSeq.seq -e sip.Via.branch -e udp.dstport 2>/dev/null | tr '\t\n' '  ') == \
        "sip:bob@127.0.0.1:5150 1 z9hG4bK-redirect-a-1-inv 5150 sip:bob@127.0.0.1:5152 2 z9hG4bK-redirect-a-1-inv2 5152 sip:bob@127.0.0.1:5150 1 z9hG4bK-redirect-b-1-inv 5150 " ]] ||
        die "redirect-udp.pcap: the INVITEs are not to 5150, the first Contact (CSeq 2, new branch), 5150"
}

# 200 to each method, and 481 where it makes sense. Ports 5154 (bob) and 5155 (alice).
make_methods_udp() {
    local f=$HERE/methods-udp.pcap p=(5154 5155)
    start_capture methods-udp "udp port 5154 or udp port 5155"
    # 200 to INVITE PRACK UPDATE INFO BYE, to CANCEL, REGISTER, OPTIONS, SUBSCRIBE NOTIFY, MESSAGE, PUBLISH
    pair methods-call prack-call "${p[@]}" -- -d 200
    pair methods-cancel cancel-reason "${p[@]}" -- -d 200
    pair methods-register request "${p[@]}" -set c200 1 \
        -set h1 'Contact: <sip:alice@127.0.0.1:5155;transport=UDP>;expires=3600' \
        -set h2 'Date: Sat, 01 Jan 2000 00:00:00 GMT' -- -set register 1
    pair methods-options request "${p[@]}" -set c200 1 \
        -set h1 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, SUBSCRIBE, NOTIFY, MESSAGE, PUBLISH' \
        -set h2 'Accept: application/sdp' -set h3 'Supported: 100rel, timer' -- -set options 1
    pair methods-subscribe subscribe-notify "${p[@]}"
    pair methods-message request "${p[@]}" -set c200 1 -- -set message 1
    pair methods-publish request "${p[@]}" -set c200 1 -set h1 'SIP-ETag: pub-etag-1' -set h2 'Expires: 3600' \
        -- -set publish 1
    # 481: in-dialog requests in a dialog bob does not know, a CANCEL for an INVITE he never had,
    # a NOTIFY for no subscription of his, a PRACK whose RAck matches no reliable response
    pair methods-bye-481 request "${p[@]}" -set c481 1 -- -set bye 1
    pair methods-cancel-481 request "${p[@]}" -set c481 1 -- -set cancel 1
    pair methods-notify-481 request "${p[@]}" -set c481 1 -- -set notify 1
    pair methods-reinvite-481 request "${p[@]}" -- -set reinvite 1
    pair methods-prack-481 prack-call "${p[@]}" -- -d 200 -set badrack 1 -set short 1
    pair methods-update-481 request "${p[@]}" -set c481 1 -- -set update 1
    pair methods-info-481 request "${p[@]}" -set c481 1 -- -set info 1
    stop_capture methods-udp

    expect_dialog "$f" "methods-call-1@$IP" "INVITE 100 183 PRACK 200 200 ACK UPDATE 200 INFO 200 BYE 200"
    expect_dialog "$f" "methods-cancel-1@$IP" "INVITE 100 180 CANCEL 200 487 ACK"
    expect_dialog "$f" "methods-register-1@$IP" "REGISTER 200"
    expect_dialog "$f" "methods-options-1@$IP" "OPTIONS 200"
    expect_dialog "$f" "methods-subscribe-1@$IP" "SUBSCRIBE 200 NOTIFY 200"
    expect_dialog "$f" "methods-message-1@$IP" "MESSAGE 200"
    expect_dialog "$f" "methods-publish-1@$IP" "PUBLISH 200"
    expect_dialog "$f" "methods-bye-481-1@$IP" "BYE 481"
    expect_dialog "$f" "methods-cancel-481-1@$IP" "CANCEL 481"
    expect_dialog "$f" "methods-notify-481-1@$IP" "NOTIFY 481"
    expect_dialog "$f" "methods-reinvite-481-1@$IP" "INVITE 481 ACK"
    expect_dialog "$f" "methods-prack-481-1@$IP" "INVITE 100 183 PRACK 481 PRACK 200 200 ACK BYE 200"
    expect_dialog "$f" "methods-update-481-1@$IP" "UPDATE 481"
    expect_dialog "$f" "methods-info-481-1@$IP" "INFO 481"
    expect_total "$f" 56
    # the method each 200 and 481 answers
    [[ $(tshark -r "$f" -Y 'sip.Status-Code == 200' -T fields -e sip.CSeq.method 2>/dev/null | sort -u | tr '\n' ' ') == \
        "BYE CANCEL INFO INVITE MESSAGE NOTIFY OPTIONS PRACK PUBLISH REGISTER SUBSCRIBE UPDATE " ]] ||
        die "methods-udp.pcap: the 200s do not answer the twelve methods"
    [[ $(tshark -r "$f" -Y 'sip.Status-Code == 481' -T fields -e sip.CSeq.method 2>/dev/null | tr '\n' ' ') == \
        "BYE CANCEL NOTIFY INVITE PRACK UPDATE INFO " ]] ||
        die "methods-udp.pcap: the 481s do not answer BYE CANCEL NOTIFY INVITE PRACK UPDATE INFO"
    expect_hdrs "$f" sip.RAck <<EOF
methods-call-1@$IP PRACK 1 1 INVITE
methods-prack-481-1@$IP PRACK 2 1 INVITE
methods-prack-481-1@$IP PRACK 1 1 INVITE
EOF
}

# Requests never answered, retransmitted over UDP until the caller gives up (64*T1 = 32 s), and
# a capture that goes on past that. Ports 5160 .. 5169: bob 5160 5162 5164 5166 5168, alice one
# above each. About 35 s.
make_unanswered_udp() {
    local f=$HERE/unanswered-udp.pcap t0 tu tlast topt last
    # SIPp stops a non-INVITE transaction after min(-max_retrans, -max_non_invite_retrans)
    # retransmissions (9 with only the latter given): set both.
    local r=(-max_retrans 10 -max_invite_retrans 6 -max_non_invite_retrans 10)
    start_capture unanswered-udp "udp portrange 5160-5169"
    uas unanswered-a unanswered 5160 u1
    uas unanswered-b unanswered 5162 u1 -set trying 1
    uas unanswered-c unanswered 5164 u1
    uas unanswered-d request 5166 u1 -set c200 1 \
        -set h1 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE' -set h2 'Accept: application/sdp'
    uas unanswered-e unanswered 5168 u1 -set quick 1
    # (a) INVITE, nothing comes back: 7 INVITEs over 31.5 s
    (uac unanswered-a unanswered 5160 5161 u1 "${r[@]}") &
    BG_PIDS+=("$!")
    # (b) INVITE answered by 100 Trying only
    (sleep 0.3 && uac unanswered-b unanswered 5162 5163 u1 "${r[@]}") &
    BG_PIDS+=("$!")
    # (c) MESSAGE, nothing comes back: 11 MESSAGEs over 31.5 s
    (sleep 0.6 && uac unanswered-c unanswered 5164 5165 u1 "${r[@]}" -set message 1) &
    BG_PIDS+=("$!")
    # (d) an OPTIONS answered at once, 33 s after (a)'s INVITE
    (sleep 33.6 && uac unanswered-d request 5166 5167 u1 -set options 1) &
    BG_PIDS+=("$!")
    # (e) the last request, just before the capture stops: no answer, no retransmission yet
    (sleep 34.6 && uac unanswered-e unanswered 5168 5169 u1 -set last 1) &
    BG_PIDS+=("$!")
    wait_bg
    stop_capture unanswered-udp

    expect_dialog "$f" "unanswered-a-1@$IP" "INVITE INVITE INVITE INVITE INVITE INVITE INVITE"
    expect_dialog "$f" "unanswered-b-1@$IP" "INVITE 100"
    expect_dialog "$f" "unanswered-c-1@$IP" "MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE MESSAGE"
    expect_dialog "$f" "unanswered-d-1@$IP" "OPTIONS 200"
    expect_dialog "$f" "unanswered-e-1@$IP" "INVITE"
    expect_total "$f" 23
    expect_gaps "$f" "unanswered-a-1@$IP" "0.5 1 2 4 8 16"
    expect_gaps "$f" "unanswered-c-1@$IP" "0.5 1 2 4 4 4 4 4 4 4"
    t0=$(tshark -r "$f" -Y "sip.Call-ID == \"unanswered-a-1@$IP\"" -T fields -e frame.time_relative 2>/dev/null | head -1)
    topt=$(tshark -r "$f" -Y 'sip.Method == "OPTIONS"' -T fields -e frame.time_relative 2>/dev/null)
    tlast=$(tshark -r "$f" -T fields -e frame.time_relative 2>/dev/null | tail -1)
    last=$(sip_lines "$f" | tail -1 | cut -d' ' -f2-)
    awk -v a="$t0" -v o="$topt" -v l="$tlast" 'BEGIN { exit !(o - a >= 33 && l < 40) }' ||
        die "unanswered-udp.pcap: OPTIONS at $topt s, first INVITE at $t0 s (want 33 s or more), end at $tlast s (want < 40)"
    [[ $last == "unanswered-e-1@$IP INVITE" ]] || die "unanswered-udp.pcap: the last SIP message is '$last'"
}

# ---------------------------------------------------------------------------------------------
# Dialogs whose responses contradict each other, or only seem to: a CANCEL that crosses the 200,
# a BYE after a failed INVITE, the initial INVITE sent again, failures after 1xx; a 200 never
# ACKed; normal flows that must not be flagged (CANCEL, hold, INFO, refreshes, two challenges, a
# stale nonce); and a proxy in the middle, both legs captured. Every capture is UDP.

# sip_msgs FILE: one line per SIP frame, tab-separated: frame, time (s), Call-ID, message (method
# or status code), CSeq ("1 INVITE"), To tag, Via branches (top first, comma-separated), UDP
# source and destination ports. Kept in the work folder like sip_lines.
sip_msgs() {
    local cache=$WORK/$(basename "$1").msgs
    if [[ ! -f $cache ]]; then
        tshark -r "$1" -Y sip -T fields -e frame.number -e frame.time_relative -e sip.Call-ID \
            -e sip.Method -e sip.Status-Code -e sip.CSeq -e sip.to.tag -e sip.Via.branch \
            -e udp.srcport -e udp.dstport 2>/dev/null |
            awk -F'\t' -v OFS='\t' '{ print $1, $2, $3, ($4 != "" ? $4 : $5), $6, $7, $8, $9, $10 }' >"$cache"
    fi
    cat "$cache"
}

# expect_msgs FILE CALL-ID < EXPECTED: the SIP messages of that Call-ID, in capture order, one line
# each: "MSG CSEQ TO-TAG BRANCHES" (MSG the method or status code; TO-TAG "-" when the To has
# none; BRANCHES the Via branches, top first, comma-separated).
expect_msgs() {
    local file=$1 cid=$2 got want
    want=$(cat)
    got=$(sip_msgs "$file" | awk -F'\t' -v c="$cid" '$3 == c { print $4 " " $5 " " ($6 != "" ? $6 : "-") " " $7 }')
    [[ $got == "$want" ]] || die "$(basename "$file"): $cid has
$got
expected
$want"
}

# msg_times FILE CALL-ID MSG [CSEQ]: the times (s) of that Call-ID's messages MSG, only those with
# that CSeq (e.g. "1 INVITE") if given; one per line.
msg_times() {
    sip_msgs "$1" | awk -F'\t' -v c="$2" -v m="$3" -v q="${4:-}" '$3 == c && $4 == m && (q == "" || $5 == q) { print $2 }'
}

# expect_offsets WHAT ANCHOR "T T ..." "O O ..." TOL: each time T minus ANCHOR within TOL s of the
# offset O in the same place (and as many times as offsets).
expect_offsets() {
    local what=$1 anchor=$2 got=$3 want=$4 tol=$5
    awk -v a="$anchor" -v got="$got" -v want="$want" -v tol="$tol" 'BEGIN {
            n = split(got, g, " "); m = split(want, w, " ")
            if (n != m) exit 1
            for (i = 1; i <= n; i++) { d = g[i] - a - w[i]; if (d > tol || -d > tol) exit 1 } }' ||
        die "$what: times $(echo $got | tr '\n' ' ')- anchor $anchor s, expected offsets $want (+-$tol s)"
}

# payloads FILE FILTER: the UDP payload (the SIP message) of each matching frame, as hex, one a line.
payloads() {
    tshark -r "$1" -Y "$2" -T fields -e udp.payload 2>/dev/null
}

# md5 TEXT: hex MD5 of TEXT (the Digest computations of normal-flows-udp (e)).
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }

# Problem sequences, one after the other on one port pair, each its own SIPp pair and Call-ID
# (dialog-rules-a ... -i). Ports 5170 (bob) and 5171 (alice).
make_dialog_rules_udp() {
    local f=$HERE/dialog-rules-udp.pcap p=(5170 5171) B=z9hG4bK-dialog-rules t c inv code prov
    start_capture dialog-rules-udp "udp port 5170 or udp port 5171"
    # (a) (b) the CANCEL crosses the 200 (RFC 6026): bob answers it 200, resp. 481
    pair dialog-rules-a crossed-cancel "${p[@]}" -d 300 -- -d 300
    pair dialog-rules-b crossed-cancel "${p[@]}" -d 300 -set c481 1 -- -d 300
    # (c) 180 then 403 (same To tag), ACK, then a BYE in the early dialog, answered 200
    pair dialog-rules-c fail "${p[@]}" -set trying 1 -set ring 1 -d 300 -set c403 1 -set bye 1 -- -set bye 1
    # (d) the initial INVITE three times (no To tag, CSeq 1 2 3), one To tag in the answers
    pair dialog-rules-d repeat-invite "${p[@]}" -- -d 300
    # (e) 180 then 403; (f1) 183 (SDP) then 404; (f2) 180 then 503
    pair dialog-rules-e fail "${p[@]}" -set trying 1 -set ring 1 -d 300 -set c403 1
    pair dialog-rules-f1 fail "${p[@]}" -set trying 1 -set early 1 -d 300 -set c404 1
    pair dialog-rules-f2 fail "${p[@]}" -set trying 1 -set ring 1 -d 300 -set c503 1
    # (g) REFER in the call, refused 403
    pair dialog-rules-g refer "${p[@]}" -- -d 300
    # (h) 100, then 408 2 s later; (i) 100, then 483 Too Many Hops
    pair dialog-rules-h fail "${p[@]}" -set trying 1 -d 2000 -set c408 1
    pair dialog-rules-i fail "${p[@]}" -set trying 1 -d 50 -set c483 1
    stop_capture dialog-rules-udp

    for c in a b; do
        t=dialog-rules-$c-1-uas
        expect_dialog "$f" "dialog-rules-$c-1@$IP" "INVITE 100 180 200 CANCEL $([[ $c == a ]] && echo 200 || echo 481) ACK BYE 200"
        expect_msgs "$f" "dialog-rules-$c-1@$IP" <<EOF2
INVITE 1 INVITE - $B-$c-1-inv
100 1 INVITE - $B-$c-1-inv
180 1 INVITE $t $B-$c-1-inv
200 1 INVITE $t $B-$c-1-inv
CANCEL 1 CANCEL - $B-$c-1-inv
$([[ $c == a ]] && echo 200 || echo 481) 1 CANCEL $t $B-$c-1-inv
ACK 1 ACK $t $B-$c-1-ack
BYE 2 BYE $t $B-$c-1-bye
200 2 BYE $t $B-$c-1-bye
EOF2
        # the CANCEL leaves as soon as the 200 is in
        expect_offsets "dialog-rules-udp.pcap: $c's CANCEL" "$(msg_times "$f" "dialog-rules-$c-1@$IP" 200 '1 INVITE')" \
            "$(msg_times "$f" "dialog-rules-$c-1@$IP" CANCEL)" "0" 0.02
    done
    t=dialog-rules-c-1-uas
    expect_msgs "$f" "dialog-rules-c-1@$IP" <<EOF2
INVITE 1 INVITE - $B-c-1-inv
100 1 INVITE - $B-c-1-inv
180 1 INVITE $t $B-c-1-inv
403 1 INVITE $t $B-c-1-inv
ACK 1 ACK $t $B-c-1-inv
BYE 2 BYE $t $B-c-1-bye
200 2 BYE $t $B-c-1-bye
EOF2
    t=dialog-rules-d-1-uas
    expect_msgs "$f" "dialog-rules-d-1@$IP" <<EOF2
INVITE 1 INVITE - $B-d-1-inv1
100 1 INVITE - $B-d-1-inv1
200 1 INVITE $t $B-d-1-inv1
ACK 1 ACK $t $B-d-1-ack1
INVITE 2 INVITE - $B-d-1-inv2
100 2 INVITE - $B-d-1-inv2
200 2 INVITE $t $B-d-1-inv2
ACK 2 ACK $t $B-d-1-ack2
INVITE 3 INVITE - $B-d-1-inv3
100 3 INVITE - $B-d-1-inv3
200 3 INVITE $t $B-d-1-inv3
ACK 3 ACK $t $B-d-1-ack3
BYE 4 BYE $t $B-d-1-bye
200 4 BYE $t $B-d-1-bye
EOF2
    # the three INVITEs about 60 ms apart
    inv=$(msg_times "$f" "dialog-rules-d-1@$IP" INVITE)
    expect_offsets "dialog-rules-udp.pcap: d's INVITEs" "$(head -1 <<<"$inv")" "$inv" "0 0.06 0.12" 0.025
    for c in e f1 f2 h i; do
        prov=180
        case $c in e) code=403 ;; f1) code=404 prov=183 ;; f2) code=503 ;; h) code=408 prov= ;; i) code=483 prov= ;; esac
        t=dialog-rules-$c-1-uas
        expect_msgs "$f" "dialog-rules-$c-1@$IP" <<EOF2
INVITE 1 INVITE - $B-$c-1-inv
100 1 INVITE - $B-$c-1-inv
${prov:+$prov 1 INVITE $t $B-$c-1-inv
}$code 1 INVITE $t $B-$c-1-inv
ACK 1 ACK $t $B-$c-1-inv
EOF2
    done
    expect_offsets "dialog-rules-udp.pcap: h's 408" "$(msg_times "$f" "dialog-rules-h-1@$IP" 100)" \
        "$(msg_times "$f" "dialog-rules-h-1@$IP" 408)" "2" 0.15
    t=dialog-rules-g-1-uas
    expect_msgs "$f" "dialog-rules-g-1@$IP" <<EOF2
INVITE 1 INVITE - $B-g-1-inv
100 1 INVITE - $B-g-1-inv
200 1 INVITE $t $B-g-1-inv
ACK 1 ACK $t $B-g-1-ack
REFER 2 REFER $t $B-g-1-refer
403 2 REFER $t $B-g-1-refer
BYE 3 BYE $t $B-g-1-bye
200 3 BYE $t $B-g-1-bye
EOF2
    expect_total "$f" 70
    expect_hdrs "$f" sip.Refer-To <<<"dialog-rules-g-1@$IP REFER <sip:carol@127.0.0.1>"
    # SDP: the INVITEs, the 200s to INVITE, and the 183 of (f1)
    [[ $(tshark -r "$f" -Y 'sdp && sip.Status-Code' -T fields -e sip.Call-ID -e sip.Status-Code 2>/dev/null | sort -u | awk '$2 != 200' | tr '\t\n' '  ') == \
        "dialog-rules-f1-1@$IP 183 " ]] || die "dialog-rules-udp.pcap: SDP in a response other than the 200s and f1's 183"
}

# A 200 to an INVITE never ACKed: bob retransmits it (RFC 3261 13.3.1.4) and hangs up after 32 s;
# a second such call starts 27.2 s in (its 200s then fall between (a)'s copies), its 200
# retransmitted three times before the capture ends with the first call's BYE and 200, about 5 s
# after the second call's 200 (a pcap ends with its last packet). Ports: (a) 5172 (bob), 5173
# (alice); (b) 5174, 5175. About 33 s.
make_ack_missing_udp() {
    local f=$HERE/ack-missing-udp.pcap a=ack-missing-a-1@$IP b=ack-missing-b-1@$IP t ok0 end B=z9hG4bK-ack-missing
    start_capture ack-missing-udp "udp portrange 5172-5175"
    uas ack-missing-a ack-missing 5172 u1 -set ring 1 -d 300
    uas ack-missing-b ack-missing 5174 u1 -set short 1 -d 300
    (uac ack-missing-a ack-missing 5172 5173 u1) &
    BG_PIDS+=("$!")
    (sleep 27.2 && uac ack-missing-b ack-missing 5174 5175 u1 -set short 1) &
    BG_PIDS+=("$!")
    wait_bg
    stop_capture ack-missing-udp

    expect_dialog "$f" "$a" "INVITE 100 180 200 200 200 200 200 200 200 200 200 200 200 BYE 200"
    expect_dialog "$f" "$b" "INVITE 100 200 200 200 200"
    expect_total "$f" 22
    t=ack-missing-a-1-uas
    expect_msgs "$f" "$a" <<EOF2
INVITE 1 INVITE - $B-a-1-inv
100 1 INVITE - $B-a-1-inv
180 1 INVITE $t $B-a-1-inv
$(for i in {1..11}; do echo "200 1 INVITE $t $B-a-1-inv"; done)
BYE 1 BYE ack-missing-a-1-uac $B-a-1-bye
200 1 BYE ack-missing-a-1-uac $B-a-1-bye
EOF2
    # the copies of the 200: T1 doubling up to T2, then T2; the BYE at 64*T1
    ok0=$(msg_times "$f" "$a" 200 '1 INVITE' | head -1)
    expect_offsets "ack-missing-udp.pcap: (a)'s 200s" "$ok0" "$(msg_times "$f" "$a" 200 '1 INVITE')" \
        "0 0.5 1.5 3.5 7.5 11.5 15.5 19.5 23.5 27.5 31.5" 0.15
    expect_offsets "ack-missing-udp.pcap: (a)'s BYE" "$ok0" "$(msg_times "$f" "$a" BYE)" "32" 0.15
    ok0=$(msg_times "$f" "$b" 200 '1 INVITE' | head -1)
    expect_offsets "ack-missing-udp.pcap: (b)'s 200s" "$ok0" "$(msg_times "$f" "$b" 200 '1 INVITE')" "0 0.5 1.5 3.5" 0.15
    # every copy of a 200 is the same bytes; alice answers bob's BYE
    for t in "$a" "$b"; do
        [[ $(payloads "$f" "sip.Call-ID == \"$t\" && sip.Status-Code == 200 && sip.CSeq.method == \"INVITE\"" | sort -u | wc -l) == 1 ]] ||
            die "ack-missing-udp.pcap: the 200s of $t are not all the same bytes"
    done
    [[ $(sip_msgs "$f" | awk -F'\t' -v c="$a" '$3 == c && $4 ~ /^(BYE|200)$/ && $5 == "1 BYE" { printf "%s>%s ", $8, $9 }') == "5172>5173 5173>5172 " ]] ||
        die "ack-missing-udp.pcap: the BYE is not bob's, answered by alice"
    # (b) starts a few seconds before the end; the last packet, (a)'s 200 to the BYE, comes about
    # 5 s after (b)'s first 200, before (b)'s fourth copy (7.5 s)
    end=$(tshark -r "$f" -T fields -e frame.time_relative 2>/dev/null | tail -1)
    awk -v e="$end" -v o="$ok0" 'BEGIN { exit !(e - o >= 4.5 && e - o <= 5.5 && e < 40) }' ||
        die "ack-missing-udp.pcap: (b)'s first 200 at $ok0 s, the last packet at $end s (want 4.5-5.5 s later, before 40 s)"
    [[ $(sip_lines "$f" | tail -1 | cut -d' ' -f2-) == "$a 200" ]] || die "ack-missing-udp.pcap: the last SIP message is not (a)'s 200 to the BYE"
}

# Normal flows, each its own Call-ID (normal-flows-a ... -f); none should be flagged.
# Ports 5176 (bob, the registrar) and 5177 (alice).
make_normal_flows_udp() {
    local f=$HERE/normal-flows-udp.pcap p=(5176 5177) B=z9hG4bK-normal-flows t pnonce pauth cid
    start_capture normal-flows-udp "udp port 5176 or udp port 5177"
    # (a) a call cancelled while it rings
    pair normal-flows-a cancel "${p[@]}" -- -d 300
    # (b) hold (a=sendonly / recvonly) and unhold
    pair normal-flows-b hold "${p[@]}" -d 300 -- -d 300
    # (c) three DTMF digits by INFO
    pair normal-flows-c info-dtmf "${p[@]}" -- -d 300
    # (d) REGISTER, 401, REGISTER, 200; two refreshes; unregister
    pair normal-flows-d register-auth "${p[@]}" -- -d 300 -au alice -ap secret
    # (e) 407 from the proxy (realm proxy.test), then 401 from bob (realm uas.test). The digest
    #     uri is the Request-URI (-auth_uri; SIPp's default is sip:host:port). SIPp keeps only
    #     the last challenge, so the Proxy-Authorization that the third INVITE repeats is computed
    #     here (no qop: the same bytes as the one SIPp computed for the second INVITE).
    pnonce=3b5d7f91a2c4e6f80b1d3f5a7c9e1b2d
    pauth="Proxy-Authorization: Digest username=\"alice\",realm=\"proxy.test\",uri=\"sip:bob@$IP:5176\",nonce=\"$pnonce\",response=\"$(md5 "$(md5 alice:proxy.test:secret):$pnonce:$(md5 "INVITE:sip:bob@$IP:5176")")\",algorithm=MD5"
    pair normal-flows-e challenge "${p[@]}" -d 300 -- -d 300 -au alice -ap secret -auth_uri "bob@$IP:5176" -set pauth "$pauth"
    # (f) a refresh with an expired nonce: 401 stale=true
    pair normal-flows-f register-auth "${p[@]}" -set stale 1 -- -d 300 -au alice -ap secret
    stop_capture normal-flows-udp

    t=normal-flows-a-1-uas
    expect_msgs "$f" "normal-flows-a-1@$IP" <<EOF2
INVITE 1 INVITE - $B-a-1-inv
100 1 INVITE - $B-a-1-inv
180 1 INVITE $t $B-a-1-inv
CANCEL 1 CANCEL - $B-a-1-inv
200 1 CANCEL $t $B-a-1-inv
487 1 INVITE $t $B-a-1-inv
ACK 1 ACK $t $B-a-1-inv
EOF2
    t=normal-flows-b-1-uas
    expect_msgs "$f" "normal-flows-b-1@$IP" <<EOF2
INVITE 1 INVITE - $B-b-1-inv
100 1 INVITE - $B-b-1-inv
180 1 INVITE $t $B-b-1-inv
200 1 INVITE $t $B-b-1-inv
ACK 1 ACK $t $B-b-1-ack
INVITE 2 INVITE $t $B-b-1-reinv2
100 2 INVITE $t $B-b-1-reinv2
200 2 INVITE $t $B-b-1-reinv2
ACK 2 ACK $t $B-b-1-ack2
INVITE 3 INVITE $t $B-b-1-reinv3
200 3 INVITE $t $B-b-1-reinv3
ACK 3 ACK $t $B-b-1-ack3
BYE 4 BYE $t $B-b-1-bye
200 4 BYE $t $B-b-1-bye
EOF2
    t=normal-flows-c-1-uas
    expect_msgs "$f" "normal-flows-c-1@$IP" <<EOF2
INVITE 1 INVITE - $B-c-1-inv
100 1 INVITE - $B-c-1-inv
200 1 INVITE $t $B-c-1-inv
ACK 1 ACK $t $B-c-1-ack
INFO 2 INFO $t $B-c-1-info1
200 2 INFO $t $B-c-1-info1
INFO 3 INFO $t $B-c-1-info2
200 3 INFO $t $B-c-1-info2
INFO 4 INFO $t $B-c-1-info3
200 4 INFO $t $B-c-1-info3
BYE 5 BYE $t $B-c-1-bye
200 5 BYE $t $B-c-1-bye
EOF2
    t=normal-flows-d-1-uas
    expect_msgs "$f" "normal-flows-d-1@$IP" <<EOF2
REGISTER 1 REGISTER - $B-d-1-reg1
401 1 REGISTER $t $B-d-1-reg1
REGISTER 2 REGISTER - $B-d-1-reg2
200 2 REGISTER $t $B-d-1-reg2
REGISTER 3 REGISTER - $B-d-1-reg3
200 3 REGISTER $t $B-d-1-reg3
REGISTER 4 REGISTER - $B-d-1-reg4
200 4 REGISTER $t $B-d-1-reg4
REGISTER 5 REGISTER - $B-d-1-reg5
200 5 REGISTER $t $B-d-1-reg5
EOF2
    t=normal-flows-e-1-uas
    expect_msgs "$f" "normal-flows-e-1@$IP" <<EOF2
INVITE 1 INVITE - $B-e-1-inv1
407 1 INVITE normal-flows-e-px-1-uas $B-e-1-inv1
ACK 1 ACK normal-flows-e-px-1-uas $B-e-1-inv1
INVITE 2 INVITE - $B-e-1-inv2
401 2 INVITE $t $B-e-1-inv2
ACK 2 ACK $t $B-e-1-inv2
INVITE 3 INVITE - $B-e-1-inv3
100 3 INVITE - $B-e-1-inv3
180 3 INVITE $t $B-e-1-inv3
200 3 INVITE $t $B-e-1-inv3
ACK 3 ACK $t $B-e-1-ack
BYE 4 BYE $t $B-e-1-bye
200 4 BYE $t $B-e-1-bye
EOF2
    t=normal-flows-f-1-uas
    expect_msgs "$f" "normal-flows-f-1@$IP" <<EOF2
REGISTER 1 REGISTER - $B-f-1-reg1
401 1 REGISTER $t $B-f-1-reg1
REGISTER 2 REGISTER - $B-f-1-reg2
200 2 REGISTER $t $B-f-1-reg2
REGISTER 3 REGISTER - $B-f-1-reg3
401 3 REGISTER $t $B-f-1-reg3
REGISTER 4 REGISTER - $B-f-1-reg4
200 4 REGISTER $t $B-f-1-reg4
EOF2
    expect_total "$f" 64
    # (b) the SDP direction of each offer and answer
    [[ $(tshark -r "$f" -Y "sip.Call-ID == \"normal-flows-b-1@$IP\" && sdp" -T fields -e sip.CSeq -e sip.Method \
        -e sip.Status-Code -e sdp.media_attr 2>/dev/null |
        awk -F'\t' '{ n = split($4, a, ","); printf "%s %s %s|", $1, ($2 != "" ? $2 : $3), a[n] }') == \
        "1 INVITE INVITE sendrecv|1 INVITE 200 sendrecv|2 INVITE INVITE sendonly|2 INVITE 200 recvonly|3 INVITE INVITE sendrecv|3 INVITE 200 sendrecv|" ]] ||
        die "normal-flows-udp.pcap: (b)'s SDP directions are not sendrecv, sendonly/recvonly, sendrecv"
    # (c) the digits
    expect_hdrs "$f" sip.Content-Type "sip.Call-ID == \"normal-flows-c-1@$IP\" && sip.Method == \"INFO\"" <<EOF2
normal-flows-c-1@$IP INFO application/dtmf-relay
normal-flows-c-1@$IP INFO application/dtmf-relay
normal-flows-c-1@$IP INFO application/dtmf-relay
EOF2
    [[ $(payloads "$f" "sip.Call-ID == \"normal-flows-c-1@$IP\" && sip.Method == \"INFO\"" | xxd -r -p | grep -a '^Signal=' | tr -d '\r' | tr '\n' ' ') == \
        "Signal=1 Signal=2 Signal=3 " ]] || die "normal-flows-udp.pcap: (c)'s INFOs do not carry Signal=1, 2, 3"
    # (d) the refreshes use the nonce of the 401 (nc 2 3 4); the last REGISTER has Expires: 0
    expect_hdrs "$f" sip.Expires "sip.Call-ID == \"normal-flows-d-1@$IP\" && sip.Expires" <<EOF2
normal-flows-d-1@$IP REGISTER 3600
normal-flows-d-1@$IP REGISTER 3600
normal-flows-d-1@$IP REGISTER 3600
normal-flows-d-1@$IP REGISTER 3600
normal-flows-d-1@$IP REGISTER 0
EOF2
    for cid in d f; do
        [[ $(tshark -r "$f" -Y "sip.Call-ID == \"normal-flows-$cid-1@$IP\" && sip.Authorization" -T fields \
            -e sip.CSeq.seq -e sip.auth.realm -e sip.auth.nonce -e sip.auth.nc 2>/dev/null | tr -d '"' | tr '\t\n' '  ') == \
            "$(if [[ $cid == d ]]; then n=7d3c1e5a9b2f4d6e8c0a1b3d5f7e9a2c
                   echo "2 sipadvice.test $n 00000001 3 sipadvice.test $n 00000002 4 sipadvice.test $n 00000003 5 sipadvice.test $n 00000004 "
               else echo "2 sipadvice.test 7d3c1e5a9b2f4d6e8c0a1b3d5f7e9a2c 00000001 3 sipadvice.test 7d3c1e5a9b2f4d6e8c0a1b3d5f7e9a2c 00000002 4 sipadvice.test e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4 00000001 "
               fi)" ]] || die "normal-flows-udp.pcap: ($cid)'s Authorization realms, nonces or nc are not as planned"
    done
    expect_hdrs "$f" sip.WWW-Authenticate "sip.Call-ID == \"normal-flows-f-1@$IP\" && sip.WWW-Authenticate" <<EOF2
normal-flows-f-1@$IP 401 Digest realm="sipadvice.test", nonce="7d3c1e5a9b2f4d6e8c0a1b3d5f7e9a2c", algorithm=MD5, qop="auth"
normal-flows-f-1@$IP 401 Digest realm="sipadvice.test", nonce="e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4", algorithm=MD5, qop="auth", stale=true
EOF2
    # (e) two realms; the second INVITE and the third carry the same Proxy-Authorization, the
    #     third also the Authorization for the UAS's realm
    cid=normal-flows-e-1@$IP
    expect_hdrs "$f" sip.Proxy-Authenticate "sip.Call-ID == \"$cid\" && sip.Proxy-Authenticate" <<<"$cid 407 Digest realm=\"proxy.test\", nonce=\"$pnonce\", algorithm=MD5"
    expect_hdrs "$f" sip.WWW-Authenticate "sip.Call-ID == \"$cid\" && sip.WWW-Authenticate" <<<"$cid 401 Digest realm=\"uas.test\", nonce=\"9c1e3a5b7d9f2b4d6f8a0c2e4a6c8e0b\", algorithm=MD5, qop=\"auth\""
    expect_hdrs "$f" sip.Proxy-Authorization "sip.Call-ID == \"$cid\" && sip.Proxy-Authorization" <<EOF2
$cid INVITE ${pauth#Proxy-Authorization: }
$cid INVITE ${pauth#Proxy-Authorization: }
EOF2
    [[ $(tshark -r "$f" -Y "sip.Call-ID == \"$cid\" && sip.Authorization" -T fields -e sip.CSeq.seq -e sip.Authorization 2>/dev/null) == \
        3$'\t'"Digest username=\"alice\",realm=\"uas.test\","* ]] ||
        die "normal-flows-udp.pcap: (e)'s third INVITE has no Authorization for realm uas.test"
}

# A stateful proxy in the middle, both legs captured (as on the proxy host): alice (5179) ->
# proxy (5178) -> bob (5180). bob's 503 is relayed to alice; each response once per leg.
make_two_hops_udp() {
    local f=$HERE/two-hops-udp.pcap cid=two-hops-1@$IP A=z9hG4bK-two-hops-1-inv P=z9hG4bK-two-hops-px-1-inv t=two-hops-1-uas code leg1 leg2
    start_capture two-hops-udp "udp portrange 5178-5180"
    uas two-hops fail 5180 u1 -set trying 1 -set ring 1 -d 300 -set c503 1 -set h1 'Retry-After: 30'
    uas two-hops-px proxy 5178 u1 -set aliceport 5179 -set bobport 5180
    uac two-hops fail 5178 5179 u1 -set slowack 1
    wait_bg
    stop_capture two-hops-udp

    expect_dialog "$f" "$cid" "INVITE 100 INVITE 100 180 180 503 503 ACK ACK"
    expect_total "$f" 10
    expect_msgs "$f" "$cid" <<EOF2
INVITE 1 INVITE - $A
100 1 INVITE - $A
INVITE 1 INVITE - $P,$A
100 1 INVITE - $P,$A
180 1 INVITE $t $P,$A
180 1 INVITE $t $A
503 1 INVITE $t $P,$A
503 1 INVITE $t $A
ACK 1 ACK $t $P
ACK 1 ACK $t $A
EOF2
    # legs: alice <-> proxy is 5179 <-> 5178, proxy <-> bob 5178 <-> 5180
    [[ $(sip_msgs "$f" | awk -F'\t' '{ printf "%s>%s ", $8, $9 }') == \
        "5179>5178 5178>5179 5178>5180 5180>5178 5180>5178 5178>5179 5180>5178 5178>5179 5178>5180 5179>5178 " ]] ||
        die "two-hops-udp.pcap: the messages do not travel alice > proxy > bob and back as planned"
    # one Via header line per Via (not one comma-separated line)
    [[ $(tshark -r "$f" -Y sip -T fields -E occurrence=a -E aggregator='|' -e sip.Via 2>/dev/null |
        awk -F'|' '{ printf "%d ", NF }') == "1 1 2 2 2 1 2 1 1 1 " ]] ||
        die "two-hops-udp.pcap: the Via header lines are not 1 1 2 2 2 1 2 1 1 1"
    expect_hdrs "$f" sip.Max-Forwards <<EOF2
$cid INVITE 70
$cid INVITE 69
$cid ACK 70
$cid ACK 70
EOF2
    expect_hdrs "$f" sip.Retry-After <<EOF2
$cid 503 30
$cid 503 30
EOF2
    # the proxy forwards the INVITE's body as it is, and relays bob's 180 and 503 byte for byte,
    # less its own Via (the first header line)
    [[ $(payloads "$f" 'sip.Method == "INVITE"' | while read -r leg1; do xxd -r -p <<<"$leg1" | sed '1,/^\r$/d' | md5sum; done | sort -u | wc -l) == 1 ]] ||
        die "two-hops-udp.pcap: the forwarded INVITE's body differs from alice's"
    for code in 180 503; do
        leg2=$(payloads "$f" "sip.Status-Code == $code && udp.srcport == 5180" | xxd -r -p | sed '2d' | md5sum)
        leg1=$(payloads "$f" "sip.Status-Code == $code && udp.dstport == 5179" | xxd -r -p | md5sum)
        [[ $leg1 == "$leg2" ]] || die "two-hops-udp.pcap: the $code relayed to alice is not bob's less the proxy's Via"
    done
}

ALL=(call-udp cancel-udp register-401-udp subscribe-204-notify-430-udp invite-100-430-udp
    subscribe-204-refresh-600-udp tcp-multi-message all-codes-wrong-phrases seeds-udp seeds-tcp
    reason-udp warning-udp register-interval-udp session-timer-udp extensions-udp redirect-udp
    methods-udp unanswered-udp dialog-rules-udp ack-missing-udp normal-flows-udp two-hops-udp)

if [[ $# -gt 0 ]]; then WANT=("$@"); else WANT=("${ALL[@]}"); fi
for name in "${WANT[@]}"; do
    [[ " ${ALL[*]} " == *" $name "* ]] || die "unknown capture '$name' (known: ${ALL[*]})"
done
start=$SECONDS
for name in "${WANT[@]}"; do
    "make_${name//-/_}"
    expect_pcap "$HERE/$name.pcap"
    printf '%-36s %4d frames %6d bytes\n' "$name.pcap" \
        "$(capinfos -c -M -T "$HERE/$name.pcap" | awk -F'\t' 'NR == 2 { print $2 }')" \
        "$(stat -c %s "$HERE/$name.pcap")"
done
echo "done in $((SECONDS - start)) s"
OK=1
