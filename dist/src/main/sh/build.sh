#!/usr/bin/env bash
# Builds tlsalert's packages from the command line's jars (run by dist/pom.xml at `package`):
#   tlsalert-<version>-linux-x64.tar.gz  a trimmed runtime (jlink) + the jars + the launcher: needs no JDK
#   tlsalert_<version>_amd64.deb         the same under /usr/lib/tlsalert, /usr/bin/tlsalert, man pages, completions
# Usage: build.sh VERSION CLI_TARGET OUT_DIR
set -euo pipefail
version=$1 cli=$2 out=$3
here="$(cd "$(dirname "$0")" && pwd)"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
name="tlsalert-$version"
stage="$out/stage/$name"
rm -rf "$out/stage" && mkdir -p "$stage/bin" "$stage/lib"

# The jars: the thin CLI jar names its dependencies in lib/ (its manifest's Class-Path), as in cli/target.
cp "$cli/tlsalert.jar" "$stage/lib/"
for j in "$cli"/lib/*.jar; do
  case "$(basename "$j")" in tlsalert-*) [[ "$j" == *"-$version.jar" ]] || continue ;; esac
  mkdir -p "$stage/lib/lib" && cp "$j" "$stage/lib/lib/"
done
# A build id that changes with every build of the jars: the start-up archive is keyed by it, so never stale.
echo "$version-$(cat "$stage"/lib/tlsalert.jar "$stage"/lib/lib/*.jar | sha256sum | cut -c1-12)" \
  >"$stage/lib/build-id"

# The runtime: the modules jdeps finds (java.base, java.naming, java.sql, jdk.httpserver), plus what is reached by
# name at run time: jdk.crypto.ec (the JVM view's ECDHE handshakes on Java 17), java.logging, jdk.charsets,
# jdk.localedata (zh) — and the runtime's own CDS archive, under the AppCDS archive of the first run.
modules=java.base,java.logging,java.naming,java.sql,jdk.httpserver,jdk.crypto.ec,jdk.charsets,jdk.localedata
"$jdk/bin/jlink" --add-modules "$modules" --include-locales=en,zh --strip-debug --no-man-pages \
  --no-header-files --compress=2 --generate-cds-archive --output "$stage/runtime" >/dev/null
cp "$here/tlsalert" "$stage/bin/tlsalert" && chmod 755 "$stage/bin/tlsalert"

# Man pages (help2man reads each command's --help) and bash completion (picocli's AutoComplete).
mkdir -p "$stage/share/man/man1" "$stage/share/bash-completion/completions"
run="$stage/runtime/bin/java -Xshare:off -jar $stage/lib/tlsalert.jar"
wrapper="$out/stage/tlsalert-help"
printf '#!/bin/sh\nexec %s "$@"\n' "$run" >"$wrapper" && chmod 755 "$wrapper"
help2man -N -n "explain, decode, probe and scan TLS alerts" --version-string="$version" -o "$stage/share/man/man1/tlsalert.1" "$wrapper"
sed -i 's/tlsalert-help/tlsalert/g; s/TLSALERT-HELP/TLSALERT/g' "$stage/share/man/man1/tlsalert.1"
for c in explain decode scan probe list serve; do
  printf '#!/bin/sh\nexec %s %s "$@"\n' "$run" "$c" >"$wrapper-$c" && chmod 755 "$wrapper-$c"
  help2man -N -n "tlsalert $c" --version-string="$version" -o "$stage/share/man/man1/tlsalert-$c.1" "$wrapper-$c"
  sed -i "s/tlsalert-help-$c/tlsalert-$c/g; s/TLSALERT-HELP-${c^^}/TLSALERT-${c^^}/g" "$stage/share/man/man1/tlsalert-$c.1"
done
gzip -9n "$stage"/share/man/man1/*.1
"$stage/runtime/bin/java" -cp "$stage/lib/tlsalert.jar:$(ls "$stage"/lib/lib/picocli-*.jar)" picocli.AutoComplete \
  --force --name tlsalert --completionScript "$stage/share/bash-completion/completions/tlsalert" io.tlsalert.cli.Main
cp "$here/../../../../LICENSE" "$here/../../../../THIRD-PARTY.md" "$here/../../../../CHANGELOG.md" "$stage/"

# The archive.
tar -C "$out/stage" --owner=0 --group=0 -czf "$out/$name-linux-x64.tar.gz" "$name"

# The .deb: /usr/lib/tlsalert holds the tree, /usr/bin/tlsalert links to its launcher.
deb="$out/stage/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/lib/tlsalert" "$deb/usr/bin" "$deb/usr/share/doc/tlsalert"
cp -a "$stage/bin" "$stage/lib" "$stage/runtime" "$deb/usr/lib/tlsalert/"
cp -a "$stage/share" "$deb/usr/"
ln -s ../lib/tlsalert/bin/tlsalert "$deb/usr/bin/tlsalert"
cp "$stage/LICENSE" "$deb/usr/share/doc/tlsalert/copyright"
cp "$stage/THIRD-PARTY.md" "$deb/usr/share/doc/tlsalert/"
size=$(du -sk "$deb/usr" | cut -f1)
cat >"$deb/DEBIAN/control" <<CONTROL
Package: tlsalert
Version: $version
Architecture: amd64
Maintainer: tlsalert <tlsalert@users.noreply.github.com>
Installed-Size: $size
Depends: libc6, zlib1g
Section: net
Priority: optional
Homepage: https://github.com/tlsalert/tlsalert
Description: explain, decode, probe and scan TLS alerts
 tlsalert explains any TLS alert code, name or pasted error text from the common
 TLS stacks: which alert, who sent it, what it means, and how to confirm and fix
 each cause. It decodes record bytes, probes live servers and scans captures.
 Ships its own trimmed Java runtime.
CONTROL
# postinst makes the start-up archive for the installed paths (as root, next to the jars); prerm removes it.
# Both honour DPKG_ROOT (dpkg sets it when installing into another root, as the check does).
cat >"$deb/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
"${DPKG_ROOT:-}/usr/lib/tlsalert/bin/tlsalert" explain 40 >/dev/null 2>&1 || true
POSTINST
cat >"$deb/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
rm -f "${DPKG_ROOT:-}"/usr/lib/tlsalert/lib/tlsalert-*.jsa "${DPKG_ROOT:-}"/usr/lib/tlsalert/lib/tlsalert-*.aot
PRERM
chmod 755 "$deb/DEBIAN/postinst" "$deb/DEBIAN/prerm"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/tlsalert_${version}_amd64.deb" >/dev/null
echo "built $out/$name-linux-x64.tar.gz and $out/tlsalert_${version}_amd64.deb"
