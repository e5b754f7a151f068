#!/bin/sh
# install.sh: make install and make uninstall, into a scratch PREFIX (so that
# the installed program's compiled-in directories are the scratch ones and
# can be run) and into a DESTDIR. The installed triage finds its rules with
# nothing set, loads the overlay directory after them (an empty one changes
# nothing), and never with --rules or TRIAGE_RULES; uninstall leaves nothing but
# the administrator's overlay. Builds in BUILD/install-test from copies of
# BUILD's objects, so only the two files that name the directories compile.
# usage: MAKE=make sh tests/install.sh [BUILD]
set -u
B=${1:-build}
MAKE=${MAKE:-make}
pass=0
fail=0
src=$(pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
has() { [ -e "$2" ] && ok || bad "$1: $2 missing"; }
contains() { # name, file, text
    if grep -qF -- "$3" "$2"; then ok; else bad "$1: lacks: $3"; sed 's/^/    /' "$2" | head -10; fi
}
field() { # key, file: the first string value of key
    sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -1
}

IB=$B/install-test
rm -rf "$IB"
mkdir -p "$IB"
for d in src engine; do [ -d "$B/$d" ] && cp -pR "$B/$d" "$IB/"; done
inst() { # make arguments...
    $MAKE -s --no-print-directory BUILD="$IB" "$@" >"$tmp/make.out" 2>&1 ||
        { bad "make $*"; tail -20 "$tmp/make.out"; }
}

# ---- into a scratch PREFIX ------------------------------------------------
P=$tmp/usr
E=$tmp/etc
inst PREFIX="$P" SYSCONFDIR="$E" install
has "install" "$P/bin/triage"
has "install" "$P/share/man/man1/triage.1"
has "install" "$P/share/man/man5/triage-rules.5"
has "install" "$P/share/man/man5/triage-case.5"
has "install" "$P/share/bash-completion/completions/triage"
[ -d "$E/triage/rules.d" ] && ok || bad "install: no overlay directory $E/triage/rules.d"
[ "$(ls "$P/share/triage/rules" | wc -l)" -eq "$(ls rules/*.clp | wc -l)" ] && ok ||
    bad "install: not every rule file installed"
contains "the installed triage(1) names the installed rules" "$P/share/man/man1/triage.1" "$P/share/triage/rules"
contains "the installed triage(1) names the overlay" "$P/share/man/man1/triage.1" "$E/triage/rules.d"
contains "the installed completion names the installed rules" \
    "$P/share/bash-completion/completions/triage" "_triage_default_dirs=($P/share/triage/rules $E/triage/rules.d)"
"$P/bin/triage" --help >"$tmp/help"
contains "installed --help names the overlay" "$tmp/help" "$E/triage/rules.d"
# installed man pages still render clean
if command -v mandoc >/dev/null; then
    for page in "$P"/share/man/man*/*; do
        mandoc -T lint -W warning "$page" >"$tmp/lint" 2>&1 && [ ! -s "$tmp/lint" ] && ok ||
            { bad "mandoc -T lint $page"; cat "$tmp/lint"; }
    done
fi

case_line='{"id":"c","answers":{"age":60,"abdominal_pain":"yes","pain_location":["lower_back"]}}'
plain_line='{"id":"p","answers":{"age":60,"pain_location":["lower_back"]}}'
# The rules_version of the source rules, alone and with the example overlay.
echo "$plain_line" | "$P/bin/triage" batch --rules rules >"$tmp/base.json"
echo "$case_line" | "$P/bin/triage" batch --rules rules --rules docs/example/overlay >"$tmp/ov.json"
base=$(field rules_version "$tmp/base.json")
with=$(field rules_version "$tmp/ov.json")
[ -n "$base" ] && [ -n "$with" ] && [ "$base" != "$with" ] && ok || bad "rules_version of the source rules"

run() { # out, input line, args...: the installed triage, from elsewhere, nothing set
    out=$1 line=$2
    shift 2
    (cd "$tmp" && echo "$line" | env -u TRIAGE_RULES "$P/bin/triage" "$@") >"$out" 2>&1
}
run "$tmp/r1" "$plain_line" batch
[ "$(field rules_version "$tmp/r1")" = "$base" ] && ok ||
    { bad "the installed triage does not load the installed rules"; cat "$tmp/r1"; }

# the empty overlay is in the list (so that a reload finds files added
# later) and changes nothing; nor does a file that is not a .clp file
run "$tmp/r2" "" lint
contains "lint lists the empty overlay" "$tmp/r2" "in 2 directories"
echo "local rules go here" >"$E/triage/rules.d/README"
run "$tmp/r2" "$plain_line" batch
[ "$(field rules_version "$tmp/r2")" = "$base" ] && ok || { bad "an overlay with no .clp file changed the rules"; cat "$tmp/r2"; }

# a file put in the overlay while the shell runs is loaded by its reload
{ echo no; sleep 1; cp docs/example/overlay/90-abdominal-pain.clp "$E/triage/rules.d/"; echo reload; echo quit; } |
    (cd "$tmp" && env -u TRIAGE_RULES "$P/bin/triage") >"$tmp/reload" 2>&1
contains "the shell's reload picks up a new overlay file" "$tmp/reload" "appears: assumption: abdominal_pain"

# an overlay with a .clp file is loaded after the installed rules
cp docs/example/overlay/90-abdominal-pain.clp "$E/triage/rules.d/"
run "$tmp/r3" "$case_line" batch
[ "$(field rules_version "$tmp/r3")" = "$with" ] && ok || { bad "the overlay was not loaded after the rules"; cat "$tmp/r3"; }
contains "the overlay's red flag" "$tmp/r3" '"triggers":["abdominal_pain_over_50"]'
run "$tmp/r4" "" lint
contains "lint checks the overlay" "$tmp/r4" "0 errors"
# ... but not with --rules or TRIAGE_RULES
run "$tmp/r5" "$case_line" batch --rules "$P/share/triage/rules"
contains "--rules leaves the overlay out" "$tmp/r5" 'unknown question id \"abdominal_pain\"'
(cd "$tmp" && echo "$case_line" | TRIAGE_RULES="$P/share/triage/rules" "$P/bin/triage" batch) >"$tmp/r6" 2>&1
contains "TRIAGE_RULES leaves the overlay out" "$tmp/r6" 'unknown question id \"abdominal_pain\"'
# a broken overlay stops the program, it is not skipped
echo '(defrule broken' >"$E/triage/rules.d/95-broken.clp"
run "$tmp/r7" "$case_line" batch
[ $? -eq 3 ] && ok || bad "a broken overlay: exit 3 expected"
contains "a broken overlay is named" "$tmp/r7" "95-broken.clp"
rm "$E/triage/rules.d/95-broken.clp"
# an overlay that cannot be read fails the load, it is not skipped
if [ "$(id -u)" -ne 0 ]; then
    chmod 000 "$E/triage/rules.d"
    run "$tmp/r8" "$case_line" batch
    [ $? -eq 3 ] && ok || bad "an unreadable overlay: exit 3 expected"
    chmod 755 "$E/triage/rules.d"
fi

# the installed completion offers the ids of the installed rules and overlay
env -u TRIAGE_RULES bash -c 'source "$1"; COMP_WORDS=("$2" explain --case x why-not abd); COMP_CWORD=5; _triage
    printf "%s\n" "${COMPREPLY[@]}"' bash "$P/share/bash-completion/completions/triage" "$P/bin/triage" \
    >"$tmp/comp"
contains "the installed completion reads the overlay" "$tmp/comp" abdominal_pain_over_50

# the package's version is the program's
# (debian/changelog names it; a version bump without it would build a package
# whose triage --version disagrees)
deb_version=$(sed -n '1s/^triage (\([^)]*\)).*/\1/p' debian/changelog)
"$P/bin/triage" --version >"$tmp/version" 2>&1 || true
[ "triage ${deb_version%%-*}" = "$(cat "$tmp/version")" ] && ok ||
    bad "debian/changelog is at $deb_version, but the program says $(cat "$tmp/version")"

# uninstall leaves the overlay, and only it
inst PREFIX="$P" SYSCONFDIR="$E" uninstall
left=$(find "$tmp/usr" "$tmp/etc" -type f | sort | tr '\n' ' ')
[ "$left" = "$E/triage/rules.d/90-abdominal-pain.clp $E/triage/rules.d/README " ] && ok ||
    bad "uninstall left: $left"
rm "$E/triage/rules.d/"*
inst PREFIX="$P" SYSCONFDIR="$E" uninstall
[ ! -e "$E/triage" ] && ok || bad "uninstall: the empty overlay directory stays"

# ---- into a DESTDIR, as the package does ----------------------------------
D=$tmp/dest
inst DESTDIR="$D" PREFIX=/usr SYSCONFDIR=/etc install
for f in usr/bin/triage usr/share/triage/rules/00-schema.clp usr/share/man/man1/triage.1 \
    usr/share/man/man5/triage-rules.5 usr/share/man/man5/triage-case.5 \
    usr/share/bash-completion/completions/triage etc/triage/rules.d; do
    has "DESTDIR install" "$D/$f"
done
strings "$D/usr/bin/triage" | grep -qx /usr/share/triage/rules && ok || bad "DESTDIR: DATADIR is not /usr/share/triage"
strings "$D/usr/bin/triage" | grep -qx /etc/triage/rules.d && ok || bad "DESTDIR: the overlay is not /etc/triage/rules.d"
contains "DESTDIR: triage(1)" "$D/usr/share/man/man1/triage.1" ".Pa /etc/triage/rules.d"
inst DESTDIR="$D" PREFIX=/usr SYSCONFDIR=/etc uninstall
left=$(find "$D" -type f -o -type l | tr '\n' ' ')
[ -z "$left" ] && ok || bad "DESTDIR uninstall left: $left"
[ ! -e "$D/etc/triage" ] && ok || bad "DESTDIR uninstall: the empty overlay directory stays"

rm -rf "$IB"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
