#!/usr/bin/env bash
# Regenerates every capture of this folder (captures/*.pcap) from real SIP traffic: SIPp
# (package sip-tester, 3.6) scenario pairs in sipp/ run on the loopback interface, recorded by
# dumpcap with a port filter, written in pcap (not pcapng) format.
#
#   bash captures/make_captures.sh            # all captures
#   bash captures/make_captures.sh call-udp   # only the named ones
#   KEEP_LOGS=1 bash captures/make_captures.sh   # keep SIPp message/error logs
#
# Ports: each capture has its own (5070-5086, 5100-5111, 5120-5131). They avoid the ports that
# Wireshark gives to other protocols (udp 5072 is AYIYA, 5084 LLRP, 5094 HART-IP): on those, SIP would
# not be recognised without "Decode As". Elsewhere Wireshark's SIP heuristics find the messages.
#
# Needs: sipp, dumpcap, tshark, capinfos, ss; capture rights on "lo" (run as root, or give dumpcap
# the capabilities). Takes about 40 seconds. Each capture is checked with tshark afterwards (the SIP
# messages of each dialog, in order); the script stops at the first problem.
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
sip_lines() {
    tshark -r "$1" -Y sip -T fields -E occurrence=f -e frame.number -e sip.Call-ID -e _ws.col.Info 2>/dev/null |
        awk -F'\t' '{ n = split($3, parts, " \\| "); out = $1 " " $2
                      for (i = 1; i <= n; i++) {
                          if (match(parts[i], /^Request: [A-Z]+/)) out = out " " substr(parts[i], 10, RLENGTH - 9)
                          else if (match(parts[i], /^Status: [0-9]+/)) out = out " " substr(parts[i], 9, RLENGTH - 8)
                      }
                      print out }'
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

ALL=(call-udp cancel-udp register-401-udp subscribe-204-notify-430-udp invite-100-430-udp
    subscribe-204-refresh-600-udp tcp-multi-message all-codes-wrong-phrases seeds-udp seeds-tcp)

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
