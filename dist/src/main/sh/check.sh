#!/usr/bin/env bash
# Checks the packages build.sh made (run by dist/pom.xml at `integration-test`, so `mvn verify` runs it):
# 1. the archive runs on a machine with no JDK: unpacked into a temp dir, started with a PATH that holds only
#    sh, readlink and mkdir (no java), with an empty HOME: `explain 40` answers, twice (the second run on the
#    start-up archive the first made), `--version` names the version;
# 2. the .deb installs into a clean, empty root (dpkg --instdir/--admindir: no other package there), where
#    /usr/bin/tlsalert answers `explain 40`, `man -w` finds its man page, the bash completion is in place, and
#    `dpkg -r` leaves nothing of it behind.
# 3. the library's Maven artifacts (jar, sources, javadoc) install into a temp repository and a small consumer
#    project compiles and runs against them.
# Usage: check.sh VERSION OUT_DIR ROOT LOCAL_REPOSITORY
set -euo pipefail
version=$1 out=$2 root=$(cd "$3" && pwd) local_repo=$4
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "dist check FAILED: $*" >&2; exit 1; }

# 1. The archive, without a JDK.
tar -C "$work" -xzf "$out/tlsalert-$version-linux-x64.tar.gz"
mkdir -p "$work/path" "$work/home"
for c in sh readlink mkdir; do ln -s "$(command -v $c)" "$work/path/$c"; done
[ ! -e "$work/path/java" ] || fail "java on the test PATH"
run() { env -i PATH="$work/path" HOME="$work/home" "$@"; }
a="$work/tlsalert-$version/bin/tlsalert"
run "$a" explain 40 | grep -q '^handshake_failure (40)' || fail "archive: explain 40 (first run)"
ls "$work/tlsalert-$version/lib/" | grep -qE '^tlsalert-.*\.(jsa|aot)$' || fail "archive: no start-up archive made"
run "$a" explain 40 | grep -q '^handshake_failure (40)' || fail "archive: explain 40 (on the start-up archive)"
run "$a" --version | grep -q "^tlsalert $version " || fail "archive: --version"
echo "archive: runs without a JDK (explain 40, --version), start-up archive made on the first run"

# 2. The .deb in a clean root.
r="$work/root"
mkdir -p "$r/var/lib/dpkg/updates" "$r/var/lib/dpkg/info" && : >"$r/var/lib/dpkg/status"
dpkgr() { dpkg --root="$r" --force-not-root --force-depends --force-script-chrootless --log=/dev/null "$@"; }
# The maintainer scripts run outside a chroot with DPKG_ROOT set (dpkg does that for --force-script-chrootless).
dpkgr -i "$out/tlsalert_${version}_amd64.deb" >/dev/null 2>"$work/dpkg.err" || { cat "$work/dpkg.err" >&2; fail "deb: dpkg -i"; }
ls "$r/usr/lib/tlsalert/lib/" | grep -qE '^tlsalert-.*\.(jsa|aot)$' || fail "deb: postinst made no start-up archive"
[ -L "$r/usr/bin/tlsalert" ] || fail "deb: /usr/bin/tlsalert missing"
run "$r/usr/bin/tlsalert" explain 40 | grep -q '^handshake_failure (40)' || fail "deb: explain 40"
man -w -M "$r/usr/share/man" tlsalert >/dev/null || fail "deb: man -w tlsalert"
man -w -M "$r/usr/share/man" tlsalert-explain >/dev/null || fail "deb: man -w tlsalert-explain"
grep -q 'complete' "$r/usr/share/bash-completion/completions/tlsalert" || fail "deb: bash completion"
dpkgr -s tlsalert | grep -q "^Version: $version" || fail "deb: dpkg -s"
dpkgr -r tlsalert >/dev/null 2>&1 || fail "deb: dpkg -r"
left=$(find "$r" -path "*tlsalert*" -not -path "$r/var/lib/dpkg/*" 2>/dev/null || true)
[ -z "$left" ] || fail "deb: left after dpkg -r: $left"
echo "deb: installs into a clean root, /usr/bin/tlsalert explain 40 answers, man -w finds tlsalert(1), removed cleanly"

# 3. The library from a Maven repository: core's jar, sources and javadoc jars and the parent pom installed into a
# temp repository; the consumer project builds offline against it (a temp local repository seeded with links to
# the build's own artifacts, without any io.tlsalert one: nothing stale can stand in for the installed one; a
# plugin the build itself did not use, such as the install plugin, comes from Maven Central into that repository).
m2="$work/m2"
mkdir -p "$m2"
(cd "$local_repo" && find . -type d -path './io/tlsalert' -prune -o -type f -print) | while read -r f; do
  mkdir -p "$m2/$(dirname "$f")" && ln -s "$local_repo/$f" "$m2/$f"
done
core="$root/core/target"
[ -f "$core/tlsalert-core-$version-sources.jar" ] || fail "maven: no sources jar"
[ -f "$core/tlsalert-core-$version-javadoc.jar" ] || fail "maven: no javadoc jar"
mvnq() { mvn -B -q -Dmaven.repo.local="$m2" "$@" >"$work/mvn.log" 2>&1 || { tail -20 "$work/mvn.log" >&2; return 1; }; }
install=org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file
mvnq "$install" -Dfile="$root/pom.xml" -DpomFile="$root/pom.xml" -Dpackaging=pom || fail "maven: install the parent pom"
mvnq "$install" -Dfile="$core/tlsalert-core-$version.jar" -DpomFile="$root/core/pom.xml" \
  -Dsources="$core/tlsalert-core-$version-sources.jar" -Djavadoc="$core/tlsalert-core-$version-javadoc.jar" || fail "maven: install core"
ls "$m2/io/tlsalert/tlsalert-core/$version/" | grep -q -- '-javadoc.jar$' || fail "maven: javadoc not installed"
cp -r "$root/dist/src/test/consumer" "$work/consumer"
mvnq -f "$work/consumer/pom.xml" -Dtlsalert.version="$version" package || fail "maven: consumer build"
got=$("$JAVA_HOME/bin/java" -cp "$work/consumer/target/classes:$m2/io/tlsalert/tlsalert-core/$version/tlsalert-core-$version.jar" example.Consumer)
want=$'name handshake_failure\ncode 48\nfinding 45 received'
[ "$got" = "$want" ] || fail "maven: consumer printed: $got"
echo "maven: tlsalert-core $version (jar, sources, javadoc) installed into a repository; a consumer project built and ran against it"
