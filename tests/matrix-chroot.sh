#!/usr/bin/env bash
# The steps tests/matrix.sh runs inside a Debian chroot, one per call (run as root, no standard input):
#   matrix-chroot.sh deps PACKAGE...      apt-get update, then install the packages (no recommends)
#   matrix-chroot.sh build JOBS           configure and build the plugin in ./build (verbose: flags visible)
#   matrix-chroot.sh test JOBS            ctest of ./build (unit and tshark tests)
#   matrix-chroot.sh package              cpack -G DEB in ./build; show the package's control data and files
#   matrix-chroot.sh install DEB CAPTURE EXPECTED
#                                         in a bare chroot: install the .deb (and tshark), use it as root
#                                         (global plugin folder), remove and purge it, check nothing is left
# Lines starting with "MATRIX " are the results tests/matrix.sh reads back.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 LC_ALL=C.UTF-8 CI=true
step=${1:?step}; shift
say() { printf '\n### %s\n' "$*"; }

case $step in
deps)
    apt-get update
    apt-get install -y --no-install-recommends "$@"
    ;;

build)
    jobs=${1:-2}
    say "cmake configure"
    cmake -S . -B build
    # The flags each file is compiled with are in the log: -Wall -Wextra from CMakeLists.txt, and no
    # -Wno-deprecated-declarations anywhere, so that a deprecated Wireshark API would show as a warning.
    say "cmake build"
    cmake --build build -j"$jobs" --verbose
    if grep -rq --include=flags.make -e '-Wno-deprecated' build; then
        echo "MATRIX deprecation_warnings=silenced"
    else
        echo "MATRIX deprecation_warnings=visible"
    fi
    ;;

test)
    jobs=${1:-2}
    ctest --test-dir build --output-on-failure -j"$jobs"
    ;;

package)
    cd build
    say "cpack -G DEB"
    cpack -G DEB
    deb=$(ls -1 ./*.deb | head -1)
    say "dpkg-deb -I $deb"
    dpkg-deb -I "$deb"
    say "dpkg-deb -c $deb"
    dpkg-deb -c "$deb"
    echo "MATRIX deb=$(basename "$deb")"
    ;;

install)
    deb=${1:?deb}; capture=${2:?capture}; expected=${3:?expected}
    ok=yes
    fail() { echo "FAILED: $*"; ok=no; }

    say "apt-get update"
    apt-get update
    say "apt-get install -y $deb (its Depends must pull in libwireshark)"
    apt-get install -y --no-install-recommends "$deb"
    dpkg-query -W -f '${Package} ${Version} ${Status}\n' wireshark-plugin-sipadvice
    echo "Depends: $(dpkg-query -W -f '${Depends}' wireshark-plugin-sipadvice)"
    say "apt-get install -y tshark (the package only Enhances tshark)"
    apt-get install -y --no-install-recommends tshark
    version=$(tshark -v)
    echo "${version%%$'\n'*}"
    echo "MATRIX tshark=$(awk 'NR == 1 { sub(/\.$/, "", $3); print $3 }' <<<"$version") ($(dpkg-query -W -f '${Version}' tshark))"

    say "dpkg -L wireshark-plugin-sipadvice"
    dpkg -L wireshark-plugin-sipadvice | tee /root/installed.list

    say "tshark -G plugins (as root: the global folder)"
    plugins=$(tshark -G plugins 2>/dev/null)
    line=$(grep sipadvice <<<"$plugins" || true)
    echo "${line:-<sipadvice not listed>}"
    echo "MATRIX plugins_line=$line"
    [[ -n $line ]] || fail "tshark -G plugins does not list sipadvice"

    say "annotations: tshark -r $(basename "$capture") -Y sipadvice -T fields ..."
    tshark -r "$capture" -Y sipadvice -T fields -e frame.number -e sipadvice.code -e sipadvice.reason \
        -e sipadvice.contrast 2>/dev/null | tee /root/annotations.txt
    rows=$(wc -l </root/annotations.txt)
    echo "annotated responses: $rows"
    # The contrasts of the reviewed expected file ("frame N: CODE ..." then "    contrast: rule: after ...: TEXT")
    # must be exactly the rows printed with a contrast, with the same code and text.
    awk '/^frame [0-9]+:/ { frame = $2; sub(":", "", frame); code = $3 }
         /^    contrast: / { text = $0; sub(/^    contrast: [^:]*: after [^:]*: /, "", text); print frame "\t" code "\t" text }' \
        "$expected" | sort >/root/contrasts.expected
    awk -F'\t' '$4 != "" { print $1 "\t" $2 "\t" $4 }' /root/annotations.txt | sort >/root/contrasts.printed
    say "contrast rows (expected from $(basename "$expected") vs printed)"
    if diff /root/contrasts.expected /root/contrasts.printed; then
        echo "contrast rows: $(wc -l </root/contrasts.printed), as expected"
    else
        fail "the contrast rows differ from $(basename "$expected")"
    fi
    [[ $(wc -l </root/contrasts.printed) -gt 0 ]] || fail "no contrast row printed"
    echo "MATRIX annotations=$rows contrasts=$(wc -l </root/contrasts.printed)"
    grep -P '\t430\t' /root/annotations.txt | awk -F'\t' '$4 != ""' | sed 's/^/MATRIX row=/' || true

    say "the texts in another language: tshark -o sipadvice.language:de"
    german=$(tshark -r "$capture" -o sipadvice.language:de -O sipadvice -Y 'sipadvice.code == 430' 2>/dev/null | grep -c 'Bedeutung: ' || true)
    echo "MATRIX german_labels=$german"
    [[ $german -gt 0 ]] || fail "no German label with -o sipadvice.language:de"

    say "sipadvice-explain --lang pt 204 430 (from the package, no Wireshark needed)"
    sipadvice-explain --lang pt 204 430 >/root/explain.txt
    head -20 /root/explain.txt
    grep -q 'Diferenças principais' /root/explain.txt || fail "sipadvice-explain printed no Portuguese comparison"
    set +e
    sipadvice-explain 700 2>/root/explain.err
    bad=$?
    set -e
    cat /root/explain.err
    [[ $bad -eq 2 ]] || fail "sipadvice-explain 700 exited $bad, expected 2"
    echo "MATRIX explain=ok"

    say "the configuration profile"
    ls "/usr/share/wireshark/profiles/SIP Advice"
    [[ -f "/usr/share/wireshark/profiles/SIP Advice/colorfilters" ]] || fail "the SIP Advice profile is not installed"
    echo "MATRIX profile=ok"

    say "apt-get remove -y wireshark-plugin-sipadvice, then purge"
    apt-get remove -y wireshark-plugin-sipadvice
    # A package without conffiles is forgotten by dpkg on removal; newer apt then refuses to purge an unknown
    # name. Purge whatever dpkg still records (config-files state).
    status=$(dpkg-query -W -f '${Status}' wireshark-plugin-sipadvice 2>/dev/null || true)
    if [[ -n $status && $status != *" not-installed" ]]; then
        apt-get purge -y wireshark-plugin-sipadvice
    else
        echo "dpkg keeps no record of wireshark-plugin-sipadvice after the removal: nothing left to purge"
    fi
    status=$(dpkg-query -W -f '${Status}' wireshark-plugin-sipadvice 2>/dev/null || echo "not known to dpkg")
    echo "package status after purge: $status"
    case $status in "not known to dpkg" | "unknown ok not-installed" | *" not-installed") ;; *) fail "still installed: $status" ;; esac

    say "what dpkg -L listed before the removal, on the filesystem now"
    left=0
    while IFS= read -r path; do
        [[ $path == "/." ]] && continue
        if [[ -e $path || -L $path ]]; then
            if [[ -d $path && ! -L $path ]] && owner=$(dpkg-query -S "$path" 2>/dev/null); then
                owner=${owner%%: *}
                echo "kept (a directory of other packages too: ${owner%%,*}$([[ $owner == *,* ]] && echo ", ...")): $path"
                continue
            fi
            echo "LEFT: $path"
            left=$((left + 1))
        else
            echo "gone: $path"
        fi
    done </root/installed.list
    echo "MATRIX files_left=$left"
    [[ $left -eq 0 ]] || fail "$left installed paths are left after remove+purge"
    plugins=$(tshark -G plugins 2>/dev/null)
    if grep -q sipadvice <<<"$plugins"; then fail "tshark still lists sipadvice after the removal"; fi
    echo "MATRIX install_ok=$ok"
    [[ $ok == yes ]]
    ;;

*)
    echo "unknown step: $step" >&2
    exit 2
    ;;
esac
