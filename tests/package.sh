#!/bin/sh
# package.sh: the Debian package, as an administrator meets it.
#  1. dpkg-deb -x into a scratch root: the files it ships and nothing else,
#     the version, the manual pages (the project's, clean under man
#     --warnings), the systemd unit (triage serve on 127.0.0.1:8080, not
#     enabled by the maintainer scripts, valid for systemd-analyze verify).
#  2. In a private mount namespace, chroot into that root (the host's shared
#     libraries and a few tools bound in, read-only): the program finds its
#     rules under /usr/share/triage/rules with nothing set and gives the same
#     results as ./triage; the overlay /etc/triage/rules.d loads after them
#     (in triage serve too, after SIGHUP, with a file added while it runs);
#     the installed bash completion offers the installed rules' ids.
#  3. dpkg --root on a scratch dpkg database (maintainer scripts run
#     chrootless; the host's systemd hidden): install, reinstall as an
#     upgrade, remove and purge. The administrator's overlay survives all of
#     them and is all that is left.
# Steps 2 and 3 need user namespaces (unshare -r); without them they are
# skipped and say so.
# usage: sh tests/package.sh build/deb/triage_VERSION_ARCH.deb
set -u
DEB=${1:?usage: sh tests/package.sh PACKAGE.deb}
case $DEB in /*) ;; *) DEB=$(pwd)/$DEB ;; esac
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

ok() { echo ok >>"$COUNTS"; }
bad() { echo bad >>"$COUNTS"; echo "FAIL: $*"; }
contains() { # name, file, text
    if grep -qF -- "$3" "$2"; then ok; else bad "$1: lacks: $3"; sed 's/^/    /' "$2" | head -10; fi
}
lacks() { # name, file, text
    if grep -qF -- "$3" "$2"; then bad "$1: has: $3"; else ok; fi
}
field() { # key, file: the first string value of key
    sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -1
}
case_line='{"id":"c","answers":{"age":60,"abdominal_pain":"yes","pain_location":["lower_back"]}}'

# ---- 2: inside a mount namespace, chroot into the extracted root ----------
# Binds FILE (a host program or library directory) into the root, read-only.
bind_ro() { # host path, path in the root
    if [ -d "$1" ]; then mkdir -p "$2"; else mkdir -p "$(dirname "$2")"; : >>"$2"; fi
    mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" 2>/dev/null
}
# Binds in the directories of the shared libraries a program needs.
libs_of() { # program
    ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
        d=$(dirname "$lib")
        mountpoint -q "$X$d" 2>/dev/null || bind_ro "$d" "$X$d"
    done
}
# Makes a host program runnable in the root as /hostbin/NAME.
provide() { # program
    p=$(command -v "$1") || { bad "no $1 on this machine"; return; }
    bind_ro "$p" "$X/hostbin/$(basename "$p")"
    libs_of "$p"
}
in_root() { # command...: run in the root, nothing of ours in the environment
    chroot "$X" /hostbin/env -i PATH=/usr/bin:/hostbin TRIAGE_CACHE_DIR= "$@"
}
inside_chroot() {
    X=$1 SRC=$2
    cd "$SRC" || exit 1
    [ -d /run/systemd ] && mount -t tmpfs tmpfs /run/systemd
    libs_of "$X/usr/bin/triage"
    for p in env sh bash sed grep tr sort readlink cat; do provide "$p"; done
    [ -e /etc/ld.so.cache ] && bind_ro /etc/ld.so.cache "$X/etc/ld.so.cache"
    bind_ro /dev/null "$X/dev/null"
    # /proc: the program reads /proc/self/exe, bash's <(...) needs /dev/fd
    mkdir -p "$X/proc"
    mount --rbind /proc "$X/proc" && ln -s /proc/self/fd "$X/dev/fd" || bad "cannot bind /proc into the root"
    mkdir -p "$X/tmp"

    in_root /usr/bin/triage --version >"$W/version" 2>&1
    contains "the packaged triage runs" "$W/version" "triage "
    in_root /usr/bin/triage --help >"$W/help" 2>&1
    contains "--help names the installed rules" "$W/help" "/usr/share/triage/rules"
    contains "--help names the overlay" "$W/help" "/etc/triage/rules.d"

    # a file of cases with nothing set: the installed rules, the same results
    in_root /usr/bin/triage batch --jobs 1 <tests/cases/policy.jsonl >"$W/policy.out" 2>"$W/policy.err"
    [ $? -eq 0 ] && ok || { bad "batch in the root"; head -5 "$W/policy.err"; }
    [ -s "$W/policy.out" ] && ok || bad "batch in the root wrote nothing"
    if [ -s "$W/policy.want" ]; then
        cmp -s "$W/policy.want" "$W/policy.out" && ok ||
            bad "the package's results differ from ./triage batch --rules rules"
    fi
    in_root /usr/bin/triage lint >"$W/lint" 2>&1
    contains "lint, the installed rules and the empty overlay" "$W/lint" "0 errors, 0 warnings, 0 overrides in 2 directories"

    # the overlay loads after them
    cp docs/example/overlay/*.clp "$X/etc/triage/rules.d/"
    echo "$case_line" | in_root /usr/bin/triage batch >"$W/ov.out" 2>&1
    contains "the overlay's red flag in the package" "$W/ov.out" '"triggers":["abdominal_pain_over_50"]'
    [ "$(field rules_version "$W/ov.out")" = "$(cat "$W/ov.version")" ] && ok ||
        bad "the package's rules with its overlay differ from ./rules with the example overlay"
    in_root /usr/bin/triage lint >"$W/lint2" 2>&1
    contains "lint, the installed rules and the overlay" "$W/lint2" "0 errors, 0 warnings, 0 overrides in 2 directories"

    # the service's command line: triage serve on the loopback; a file put in
    # the overlay is loaded on SIGHUP (systemctl reload); SIGTERM ends it
    rm "$X/etc/triage/rules.d/90-abdominal-pain.clp"
    port=$(( 20000 + $$ % 20000 ))
    chroot "$X" /hostbin/env -i PATH=/usr/bin:/hostbin TRIAGE_CACHE_DIR= \
        /usr/bin/triage serve --listen "127.0.0.1:$port" >"$W/serve.out" 2>"$W/serve.err" &
    spid=$!   # chroot execs env, which execs triage: the server's own pid
    get() { bash -c 'exec 3<>/dev/tcp/127.0.0.1/$1 && printf "GET $2 HTTP/1.0\r\n\r\n" >&3 && cat <&3' \
        bash "$port" "$1" 2>/dev/null; }
    post() { bash -c 'body=$3; exec 3<>/dev/tcp/127.0.0.1/$1 &&
        printf "POST $2 HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" \
            "${#body}" "$body" >&3 && cat <&3' bash "$port" "$1" "$2" 2>/dev/null; }
    i=0
    until get /healthz >"$W/health" || [ $i -ge 50 ]; do i=$((i + 1)); sleep 0.1; done
    contains "triage serve from the package answers /healthz" "$W/health" "200"
    post /v1/triage "$case_line" >"$W/served"
    contains "triage serve without the overlay" "$W/served" 'unknown question id'
    cp docs/example/overlay/*.clp "$X/etc/triage/rules.d/"
    kill -HUP "$spid"
    i=0
    until post /v1/triage "$case_line" >"$W/served" && grep -qF abdominal_pain_over_50 "$W/served" ||
        [ $i -ge 50 ]; do i=$((i + 1)); sleep 0.1; done
    contains "triage serve after SIGHUP, with the overlay" "$W/served" '"triggers":["abdominal_pain_over_50"]'
    kill -TERM "$spid" 2>/dev/null
    wait "$spid"
    [ $? -eq 0 ] && ok || { bad "triage serve did not exit 0 on SIGTERM"; tail -5 "$W/serve.err"; }
    kill -KILL "$spid" 2>/dev/null

    # the installed completion, on the installed rules and overlay
    in_root /hostbin/bash -c '
        source /usr/share/bash-completion/completions/triage
        COMP_WORDS=(triage explain --case x why-not "$1"); COMP_CWORD=5; _triage
        printf "%s\n" "${COMPREPLY[@]}"' bash abd >"$W/comp" 2>&1
    contains "the installed completion reads the overlay" "$W/comp" abdominal_pain_over_50
    in_root /hostbin/bash -c '
        source /usr/share/bash-completion/completions/triage
        COMP_WORDS=(triage batch --); COMP_CWORD=2; _triage
        printf "%s\n" "${COMPREPLY[@]}"' bash >"$W/comp2" 2>&1
    contains "the installed completion: options" "$W/comp2" "--jobs"
}

# ---- 3: dpkg --root, chrootless scripts, the host's systemd hidden --------
inside_dpkg() {
    R=$1
    [ -d /run/systemd ] && mount -t tmpfs tmpfs /run/systemd
    mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers" "$R/var/log"
    : >"$R/var/lib/dpkg/status"
    : >"$R/var/lib/dpkg/available"
    dpkg_root() {
        dpkg --root="$R" --force-script-chrootless --force-depends --force-unsafe-io "$@" \
            >>"$W/dpkg.log" 2>&1
    }
    listing() { # what is in the root, the dpkg database aside
        (cd "$R" && find . -path ./var/lib/dpkg -prune -o -path ./var/log -prune -o \
            \( -type f -o -type l \) -print | sort)
    }
    dpkg_root -i "$DEB" && ok || { bad "dpkg -i"; tail -20 "$W/dpkg.log"; }
    [ -x "$R/usr/bin/triage" ] && [ -f "$R/usr/share/triage/rules/00-schema.clp" ] && ok ||
        bad "dpkg -i: the program or the rules are missing"
    [ -d "$R/etc/triage/rules.d" ] && ok || bad "dpkg -i: no overlay directory"
    find "$R/etc/systemd" -name 'triage.service' 2>/dev/null | grep -q . &&
        bad "dpkg -i enabled triage.service" || ok

    # the administrator's overlay survives an upgrade (a reinstall), a remove, a purge
    printf ';;; the practice'"'"'s rules\n' >"$R/etc/triage/rules.d/90-local.clp"
    cp "$R/etc/triage/rules.d/90-local.clp" "$W/local.clp"
    dpkg_root -i "$DEB" && ok || { bad "dpkg -i again (upgrade)"; tail -20 "$W/dpkg.log"; }
    cmp -s "$W/local.clp" "$R/etc/triage/rules.d/90-local.clp" && ok || bad "the upgrade changed the overlay"
    dpkg_root -r triage && ok || { bad "dpkg -r"; tail -20 "$W/dpkg.log"; }
    # (after a remove, not a purge, deb-systemd-helper keeps what it needs to
    # restore the unit's enabled state on a reinstall, as dpkg keeps its own)
    listing | grep -v '^\./var/lib/systemd/deb-systemd-helper-' >"$W/left"
    printf './etc/triage/rules.d/90-local.clp\n' >"$W/want"
    cmp -s "$W/want" "$W/left" && ok || { bad "dpkg -r left more than the overlay:"; sed 's/^/    /' "$W/left"; }
    dpkg_root -i "$DEB" && dpkg_root --purge triage && ok || { bad "dpkg --purge"; tail -20 "$W/dpkg.log"; }
    listing >"$W/left"
    cmp -s "$W/want" "$W/left" && ok || { bad "dpkg --purge left more than the overlay:"; sed 's/^/    /' "$W/left"; }
    cmp -s "$W/local.clp" "$R/etc/triage/rules.d/90-local.clp" && ok || bad "the purge changed the overlay"

    # without an overlay, a purge leaves nothing at all
    rm "$R/etc/triage/rules.d/90-local.clp"
    dpkg_root -i "$DEB" && dpkg_root --purge triage && ok || { bad "dpkg -i, --purge"; tail -20 "$W/dpkg.log"; }
    listing >"$W/left"
    [ ! -s "$W/left" ] && ok || { bad "dpkg --purge left:"; sed 's/^/    /' "$W/left"; }
    [ ! -e "$R/etc/triage" ] && ok || bad "dpkg --purge left /etc/triage"
    grep -q '^Package: triage$' "$R/var/lib/dpkg/status" && bad "dpkg still lists triage after the purge" || ok
}

if [ "${2-}" = --chroot ]; then
    COUNTS=$5 W=$6
    inside_chroot "$3" "$4"
    exit 0
fi
if [ "${2-}" = --dpkg ]; then
    COUNTS=$4 W=$5
    inside_dpkg "$3"
    exit 0
fi

# ---- 1: the package's contents --------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
COUNTS=$tmp/counts
W=$tmp/work
: >"$COUNTS"
mkdir -p "$W"
X=$tmp/root
dpkg-deb -x "$DEB" "$X" && ok || bad "dpkg-deb -x $DEB"
dpkg-deb -e "$DEB" "$tmp/control" && ok || bad "dpkg-deb -e $DEB"

version=$(dpkg-deb -f "$DEB" Version)
[ "$(dpkg-deb -f "$DEB" Package)" = triage ] && ok || bad "the package is not called triage"
(cd "$X" && find . \( -type f -o -type l \) | sort) >"$W/files"
# Every file is in one of these places, and nothing else is in /etc.
grep -vE '^\./(usr/bin/triage|usr/share/triage/rules/[0-9a-z-]+\.clp|usr/share/man/man[15]/triage(-rules|-case)?\.[15]\.gz|usr/share/bash-completion/completions/triage|usr/share/doc/triage/.*|usr/share/lintian/overrides/triage|(usr/)?lib/systemd/system/triage\.service)$' \
    "$W/files" >"$W/stray"
[ ! -s "$W/stray" ] && ok || { bad "files outside the expected places:"; sed 's/^/    /' "$W/stray"; }
for f in usr/bin/triage usr/share/man/man1/triage.1.gz usr/share/man/man5/triage-rules.5.gz \
    usr/share/man/man5/triage-case.5.gz usr/share/bash-completion/completions/triage \
    usr/share/doc/triage/copyright usr/share/doc/triage/README.Debian; do
    [ -e "$X/$f" ] && ok || bad "the package lacks /$f"
done
[ -d "$X/etc/triage/rules.d" ] && [ -z "$(ls -A "$X/etc/triage/rules.d")" ] && ok ||
    bad "the package does not ship /etc/triage/rules.d empty"
[ ! -s "$tmp/control/conffiles" ] && ok || bad "the package has conffiles: $(cat "$tmp/control/conffiles")"
for f in rules/*.clp; do
    cmp -s "$f" "$X/usr/share/triage/rules/${f##*/}" || bad "the package's $f differs from the tree's"
done
[ "$(ls "$X/usr/share/triage/rules" | wc -l)" -eq "$(ls rules/*.clp | wc -l)" ] && ok ||
    bad "the package's rules are not the tree's"
"$X/usr/bin/triage" --version >"$W/version" 2>&1
[ "$(cat "$W/version")" = "triage ${version%%-*}" ] && ok ||
    bad "triage --version says '$(cat "$W/version")', the package is $version"
# a library the program loads with dlopen (libmicrohttpd, for serve) is one
# dh_shlibdeps cannot see: the package must depend on it by name
readelf -d "$X/usr/bin/triage" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u >"$W/needed"
strings "$X/usr/bin/triage" | grep -oE '^lib[a-z0-9_-]+\.so\.[0-9]+$' | sort -u | comm -23 - "$W/needed" >"$W/dlopened"
for so in $(cat "$W/dlopened"); do
    pkg=$(echo "$so" | sed 's/\.so\.\([0-9]*\)$/\1/')
    dpkg-deb -f "$DEB" Depends | tr ',' '\n' | grep -qE "^ *$pkg( |\$)" && ok ||
        bad "the program loads $so, but the package does not depend on $pkg"
done
strings "$X/usr/bin/triage" | grep -qx /usr/share/triage/rules && ok || bad "the rules directory is not /usr/share/triage/rules"
strings "$X/usr/bin/triage" | grep -qx /etc/triage/rules.d && ok || bad "the overlay directory is not /etc/triage/rules.d"

# the manual pages are the project's, and clean
for page in man/triage.1 man/triage-rules.5 man/triage-case.5; do
    f=$X/usr/share/man/man${page##*.}/${page##*/}.gz
    gzip -dc "$f" | cmp -s - "$page" && ok || bad "the package's ${page##*/} is not the tree's"
    if command -v man >/dev/null; then
        LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$f" >/dev/null 2>"$W/warn"
        [ ! -s "$W/warn" ] && ok || { bad "man --warnings ${f##*/}"; cat "$W/warn"; }
    fi
done
cmp -s completion/triage.bash "$X/usr/share/bash-completion/completions/triage" && ok ||
    bad "the package's completion is not the tree's"

# the systemd unit: triage serve on the loopback, installed, never enabled by the package
unit=$(ls "$X"/lib/systemd/system/triage.service "$X"/usr/lib/systemd/system/triage.service 2>/dev/null | head -1)
if [ -n "$unit" ]; then
    ok
    contains "the unit" "$unit" "ExecStart=/usr/bin/triage serve --listen 127.0.0.1:8080"
    contains "the unit" "$unit" "WantedBy=multi-user.target"
    contains "the unit" "$unit" "DynamicUser=yes"
    # dh_installsystemd --no-enable: the postinst enables the unit only if the
    # administrator had (was-enabled), and starts it only if enabled
    grep -q 'was-enabled' "$tmp/control/postinst" && ok || bad "the postinst enables triage.service unconditionally"
    if command -v systemd-analyze >/dev/null; then
        sed "s|/usr/bin/triage|$X/usr/bin/triage|" "$unit" >"$W/triage.service"
        systemd-analyze verify --man=no "$W/triage.service" >"$W/verify" 2>&1 && ok ||
            { bad "systemd-analyze verify triage.service"; sed 's/^/    /' "$W/verify"; }
    fi
else
    bad "the package has no triage.service"
fi

# what the tree's program gives, to compare with the package's
if [ -x ./triage ]; then
    TRIAGE_CACHE_DIR= ./triage batch --jobs 1 --rules rules <tests/cases/policy.jsonl >"$W/policy.want" 2>/dev/null
fi
echo "$case_line" | TRIAGE_CACHE_DIR= "$X/usr/bin/triage" batch --rules rules --rules docs/example/overlay \
    >"$W/ov.json" 2>&1
field rules_version "$W/ov.json" >"$W/ov.version"

# ---- 2 and 3, each in its own namespace -----------------------------------
if unshare -r -m true 2>/dev/null; then
    unshare -r -m sh "$SELF" "$DEB" --chroot "$X" "$(pwd)" "$COUNTS" "$W" || bad "the chroot step failed"
    unshare -r -m sh "$SELF" "$DEB" --dpkg "$tmp/dpkgroot" "$COUNTS" "$W" || bad "the dpkg step failed"
else
    echo "package.sh: no user namespaces here (unshare -r): the chroot and dpkg --root steps are skipped"
fi

pass=$(grep -c '^ok$' "$COUNTS")
fail=$(grep -c '^bad$' "$COUNTS")
echo "package: $pass passed, $fail failed ($DEB)"
[ "$fail" -eq 0 ]
