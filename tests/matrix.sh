#!/usr/bin/env bash
# tests/matrix.sh [SUITE...]: the plugin against the Wireshark of each Debian suite (default: bookworm trixie
# sid, i.e. Wireshark 4.0, 4.4 and 4.6), each in its own debootstrap chroot:
#   1. a fresh copy of the suite's build image (minbase + build dependencies, cached as a tarball), the
#      committed tree (git archive HEAD) in it; configure and build (the compiler's "warning:" lines are
#      counted and must be 0; -Wall -Wextra, deprecation warnings not silenced), ctest of that build (unit
#      and tshark tests), cpack -G DEB;
#   2. a fresh copy of the bare base image (no build dependencies): apt-get install ./the.deb and tshark,
#      tshark -G plugins must list sipadvice (as root: the package uses the global plugin folder), the
#      contrasts of a bundled capture must be printed, then apt-get remove + purge must leave no file of
#      the package behind.
# Then one table (suite | Wireshark | warnings | tests | package | install+use+remove | duration); exits
# non-zero if anything failed. Root only (debootstrap, chroot, mount); runs without standard input.
#
# Environment:
#   SIPADVICE_MATRIX_CACHE   cached images <suite>-bare.tgz, <suite>-build.tgz and downloaded .debs
#                            (default /var/cache/sipadvice-matrix; delete a tarball to rebuild it)
#   SIPADVICE_MATRIX_WORK    chroots of the run and the lock (default /var/tmp/sipadvice-matrix)
#   SIPADVICE_MATRIX_LOGS    logs and packages, one folder per suite (default $SIPADVICE_MATRIX_WORK/logs)
#   SIPADVICE_MATRIX_MIRROR  Debian mirror (default: the one of /etc/apt/sources.list.d/debian.sources)
#   SIPADVICE_MATRIX_JOBS    parallel build and test jobs (default: nproc)
#   SIPADVICE_MATRIX_KEEP=1  keep the chroots after the run (unmounted) to look into them
set -uo pipefail

die() { echo "matrix: $*" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install -y debootstrap"

here=$(cd "$(dirname "$0")/.." && pwd)
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(bookworm trixie sid)
cache=${SIPADVICE_MATRIX_CACHE:-/var/cache/sipadvice-matrix}
work=${SIPADVICE_MATRIX_WORK:-/var/tmp/sipadvice-matrix}
logs=${SIPADVICE_MATRIX_LOGS:-$work/logs}
jobs=${SIPADVICE_MATRIX_JOBS:-$(nproc)}
keep=${SIPADVICE_MATRIX_KEEP:-0}
mirror=${SIPADVICE_MATRIX_MIRROR:-$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
# What building and testing need (tshark: the tests run it; dpkg-dev and file: cpack's dpkg-shlibdeps).
BUILD_DEPS=(cmake g++ make pkg-config libglib2.0-dev wireshark-dev tshark libcmocka-dev python3 valgrind dpkg-dev file)
# The capture whose contrasts the installed package must print, and its reviewed expected output.
CAPTURE=captures/seeds-udp.pcap
EXPECTED=captures/seeds-udp.expected
PACKAGE=wireshark-plugin-sipadvice
export LANG=C.UTF-8 LC_ALL=C.UTF-8 CI=true DEBIAN_FRONTEND=noninteractive
exec </dev/null

mkdir -p "$cache" "$work" "$logs" || die "cannot create $cache, $work or $logs"
exec 9>"$work/.lock"
flock -n 9 || die "another matrix run holds $work/.lock"
git -C "$here" rev-parse --verify -q HEAD >/dev/null || die "$here is not a git checkout with a commit"
[[ -z $(git -C "$here" status --porcelain --untracked-files=no) ]] ||
    echo "matrix: note: uncommitted changes are not tested (the chroots get git archive HEAD)"
# One commit for the whole run, even if HEAD moves meanwhile.
rev=$(git -C "$here" rev-parse HEAD)

# --- chroots: mounts are always undone, a tree is only deleted with nothing mounted inside -------------
roots=()
mounts_under() { awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r; }
unmount_root() {
    local m
    for m in $(mounts_under "$1"); do umount "$m" 2>/dev/null || umount -l "$m"; done
}
remove_root() {
    unmount_root "$1"
    [[ -z $(mounts_under "$1") ]] || die "still mounted under $1; not deleting it"
    rm -rf --one-file-system "$1"
}
cleanup() {
    local r
    for r in "${roots[@]}"; do
        unmount_root "$r"
        [[ $keep == 1 ]] || remove_root "$r"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# new_root DIR IMAGE SUITE: DIR becomes a fresh copy of IMAGE, with proc, dev and the suite's .deb cache mounted.
new_root() {
    local root=$1 image=$2 suite=$3
    roots+=("$root")
    remove_root "$root"
    mkdir -p "$root" && tar --numeric-owner -C "$root" -xzf "$image" || return 1
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mkdir -p "$cache/$suite-debs"
    mount -t proc proc "$root/proc" &&
        mount --bind /dev "$root/dev" &&
        mount --bind /dev/pts "$root/dev/pts" &&
        mount --bind "$cache/$suite-debs" "$root/var/cache/apt/archives"
}
# in_root DIR CWD STEP ARGS...: one step of tests/matrix-chroot.sh (copied to /root/matrix-chroot.sh), clean env.
in_root() {
    local root=$1 cwd=$2
    shift 2
    git -C "$here" show "$rev:tests/matrix-chroot.sh" >"$root/root/matrix-chroot.sh" || return 1
    chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash -c 'cd "$1" && shift && exec bash /root/matrix-chroot.sh "$@"' - "$cwd" "$@" </dev/null
}

# --- cached images: <suite>-bare.tgz (debootstrap minbase), <suite>-build.tgz (plus BUILD_DEPS) -------
bare_image() {
    local suite=$1 image=$cache/$1-bare.tgz root=$work/$1-image
    [[ -f $image ]] && return 0
    echo "debootstrap --variant=minbase $suite $root $mirror"
    roots+=("$root")
    remove_root "$root"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" || return 1
    # The mirror may serve a frozen snapshot whose Release files are past their Valid-Until date (sid).
    echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99sipadvice-matrix"
    rm -rf "$root"/var/cache/apt/archives/*.deb
    tar --numeric-owner -C "$root" -czf "$image.tmp" . && mv "$image.tmp" "$image" && remove_root "$root"
}
build_image() {
    local suite=$1 image=$cache/$1-build.tgz root=$work/$1-image
    [[ -f $image && $(cat "$image.deps" 2>/dev/null) == "${BUILD_DEPS[*]}" ]] && return 0
    bare_image "$suite" || return 1
    echo "$suite build image: the bare image plus ${BUILD_DEPS[*]}"
    new_root "$root" "$cache/$suite-bare.tgz" "$suite" && in_root "$root" / deps "${BUILD_DEPS[@]}" || return 1
    unmount_root "$root"
    rm -f "$root/etc/resolv.conf"
    tar --numeric-owner -C "$root" -czf "$image.tmp" . && mv "$image.tmp" "$image" &&
        echo "${BUILD_DEPS[*]}" >"$image.deps" && remove_root "$root"
}

# --- one suite ----------------------------------------------------------------------------------------
declare -A R  # R[suite.key]: results for the table
field() { sed -n "s/^MATRIX $2=//p" "$1" | head -1; }
stamp() { printf '%s %-8s %-28s' "$(date +%H:%M:%S)" "$1" "$2"; }
# step SUITE NAME LOG COMMAND...: runs a step into its log, prints its duration and outcome.
step() {
    local suite=$1 name=$2 log=$3 t0=$SECONDS rc
    shift 3
    stamp "$suite" "$name"
    "$@" >>"$log" 2>&1
    rc=$?
    printf '%4ds  %s\n' $((SECONDS - t0)) "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED ($rc), see $log")"
    return $rc
}

run_suite() {
    local suite=$1 dir=$logs/$1 t0=$SECONDS
    local build=$work/$1-build inst=$work/$1-install
    rm -rf "$dir" && mkdir -p "$dir"
    R[$suite.ws]="?"; R[$suite.warn]="-"; R[$suite.tests]="-"; R[$suite.deb]="-"; R[$suite.inst]="not run"; R[$suite.ok]=no

    local made=created
    [[ -f $cache/$suite-bare.tgz && -f $cache/$suite-build.tgz && $(cat "$cache/$suite-build.tgz.deps" 2>/dev/null) == "${BUILD_DEPS[*]}" ]] && made=cached
    step "$suite" "images ($made)" "$dir/image.log" build_image "$suite" || return 1

    step "$suite" "build chroot" "$dir/deps.log" new_root "$build" "$cache/$suite-build.tgz" "$suite" || return 1
    mkdir -p "$build/srv/project" && git -C "$here" archive "$rev" | tar -C "$build/srv/project" -x || return 1
    # Real captures of other projects, next to the checkout: the public_captures test uses them if present.
    [[ -d $here/../shared/captures/public ]] && mkdir -p "$build/srv/shared/captures" &&
        cp -r "$here/../shared/captures/public" "$build/srv/shared/captures/"
    step "$suite" "apt-get install build deps" "$dir/deps.log" in_root "$build" / deps "${BUILD_DEPS[@]}" || return 1

    local build_ok=yes
    step "$suite" "configure + build" "$dir/build.log" in_root "$build" /srv/project build "$jobs" || build_ok=no
    R[$suite.warn]=$(grep -c 'warning:' "$dir/build.log")
    [[ $(field "$dir/build.log" deprecation_warnings) == visible ]] || { build_ok=no; echo "deprecation warnings are silenced in the build flags" >>"$dir/build.log"; }
    [[ $build_ok == yes ]] || { R[$suite.warn]="${R[$suite.warn]} (build failed)"; return 1; }

    local tests_ok=yes
    step "$suite" "ctest" "$dir/test.log" in_root "$build" /srv/project test "$jobs" || tests_ok=no
    local total failed skipped
    total=$(sed -n 's/.* tests failed out of \([0-9]*\).*/\1/p' "$dir/test.log" | tail -1)
    failed=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$dir/test.log" | tail -1)
    skipped=$(grep -c '(Skipped)$' "$dir/test.log")
    if [[ -n $total ]]; then
        R[$suite.tests]="$((total - failed - skipped))/$failed"
        [[ $skipped -eq 0 ]] || R[$suite.tests]+=" ($skipped skipped)"
    else
        R[$suite.tests]="ctest failed"; tests_ok=no
    fi

    step "$suite" "cpack -G DEB" "$dir/package.log" in_root "$build" /srv/project package || return 1
    local deb
    deb=$(field "$dir/package.log" deb)
    cp "$build/srv/project/build/$deb" "$dir/" || return 1
    R[$suite.deb]="$deb ($(sed -n 's/^ Depends: \([^ ,]*\) .*/\1/p' "$dir/package.log" | head -1))"
    local listing
    listing=$(dpkg-deb -c "$dir/$deb")
    if ! grep -Eq " \./usr/lib/[^/]+/wireshark/plugins/[0-9]+\.[0-9]+/epan/sipadvice\.so$" <<<"$listing"; then
        echo "the package has no usr/lib/<triplet>/wireshark/plugins/<version>/epan/sipadvice.so" | tee -a "$dir/package.log"
        R[$suite.deb]+=" (plugin path wrong)"; return 1
    fi
    [[ $keep == 1 ]] || remove_root "$build"

    step "$suite" "install chroot (bare)" "$dir/install.log" new_root "$inst" "$cache/$suite-bare.tgz" "$suite" || return 1
    mkdir -p "$inst/root/check" && cp "$dir/$deb" "$inst/root/check/" &&
        git -C "$here" show "$rev:$CAPTURE" >"$inst/root/check/$(basename "$CAPTURE")" &&
        git -C "$here" show "$rev:$EXPECTED" >"$inst/root/check/$(basename "$EXPECTED")" || return 1
    local inst_ok=yes
    step "$suite" "deb install + use + remove" "$dir/install.log" in_root "$inst" /root/check install "./$deb" \
        "/root/check/$(basename "$CAPTURE")" "/root/check/$(basename "$EXPECTED")" || inst_ok=no
    R[$suite.ws]=$(field "$dir/install.log" tshark)
    R[$suite.inst]=$([[ $inst_ok == yes && $(field "$dir/install.log" install_ok) == yes ]] && echo ok || echo FAILED)
    [[ $keep == 1 ]] || remove_root "$inst"

    [[ $tests_ok == yes && ${R[$suite.warn]} == 0 && ${R[$suite.inst]} == ok ]] && R[$suite.ok]=yes
    [[ ${R[$suite.ok]} == yes ]]
}

echo "matrix: suites ${suites[*]}; mirror $mirror; images in $cache; logs in $logs"
echo "matrix: tree $(git -C "$here" log -1 --format='%h %s' "$rev")"
t_all=$SECONDS
for suite in "${suites[@]}"; do
    t0=$SECONDS
    run_suite "$suite"
    R[$suite.time]=$((SECONDS - t0))
    printf '%s %-8s done in %dm%02ds: %s\n' "$(date +%H:%M:%S)" "$suite" $((${R[$suite.time]} / 60)) $((${R[$suite.time]} % 60)) \
        "$([[ ${R[$suite.ok]} == yes ]] && echo ok || echo FAILED)"
done
cleanup
roots=()

rc=0
echo
echo "| suite | Wireshark | build warnings | tests passed/failed | package (for) | .deb install+use+remove | duration |"
echo "|---|---|---|---|---|---|---|"
for suite in "${suites[@]}"; do
    [[ ${R[$suite.ok]} == yes ]] || rc=1
    printf '| %s | %s | %s | %s | %s | %s | %dm%02ds |\n' "$suite" "${R[$suite.ws]}" "${R[$suite.warn]}" "${R[$suite.tests]}" \
        "${R[$suite.deb]}" "${R[$suite.inst]}" $((${R[$suite.time]} / 60)) $((${R[$suite.time]} % 60))
done
echo
echo "total $(((SECONDS - t_all) / 60))m$(printf '%02d' $(((SECONDS - t_all) % 60)))s; logs and packages: $logs/<suite>/ (image.log deps.log build.log test.log package.log install.log, the .deb)"
for suite in "${suites[@]}"; do
    [[ -d $logs/$suite ]] && echo "  $suite: $logs/$suite/"
done
echo "matrix: $([[ $rc -eq 0 ]] && echo "all suites passed" || echo "FAILED")"
exit $rc
