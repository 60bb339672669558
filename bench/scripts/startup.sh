#!/usr/bin/env bash
# Start-up cost of the whole process: `./tlsalert explain 40` against a bare JVM hello-world, same machine, same run.
# Prints both medians and the ratio. Usage: bench/scripts/startup.sh [runs]   (default 20)
# The runtime is the `java` on PATH: `PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH bench/scripts/startup.sh`
# measures Java 25 (AOT cache) against a hello-world on Java 25. With dist/target/ built (mvn -pl dist -am package),
# the packaged archive's launcher (its jlink runtime, Java 17 here) is measured too, against a hello-world on that
# same runtime.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac --release 17 -d "$work" "$work/Hello.java"   # runs on every runtime measured (the packaged one is Java 17)

"$root/tlsalert" explain 40 >/dev/null   # builds if needed, and writes the AppCDS archive
"$root/tlsalert" explain 40 >/dev/null

median_ms() { # runs a command $runs times, prints the median wall time in ms
  local t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    t+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'
}

hello=$(median_ms java -XX:+UseSerialGC -cp "$work" Hello)
tls=$(median_ms "$root/tlsalert" explain 40)
tlsq=$(median_ms "$root/tlsalert" explain "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure")
help=$(median_ms "$root/tlsalert" --help)
java -version 2>&1 | head -1
echo "runs: $runs (median wall time)"
echo "bare JVM hello-world:                      ${hello} ms"
echo "./tlsalert explain 40:                     ${tls} ms   ratio $(awk -v a="$tls" -v b="$hello" 'BEGIN{printf "%.2f", a/b}')x"
echo "./tlsalert explain <JDK error line>:      ${tlsq} ms   ratio $(awk -v a="$tlsq" -v b="$hello" 'BEGIN{printf "%.2f", a/b}')x"
echo "./tlsalert --help:                         ${help} ms   ratio $(awk -v a="$help" -v b="$hello" 'BEGIN{printf "%.2f", a/b}')x"

archive=$(ls "$root"/dist/target/tlsalert-*-linux-x64.tar.gz 2>/dev/null | head -1 || true)
if [ -n "$archive" ]; then
  tar -C "$work" -xzf "$archive"
  home=$(ls -d "$work"/tlsalert-*/ | head -1)
  "$home/bin/tlsalert" explain 40 >/dev/null   # the first run makes the start-up archive
  phello=$(median_ms "$home/runtime/bin/java" -XX:+UseSerialGC -cp "$work" Hello)
  ptls=$(median_ms "$home/bin/tlsalert" explain 40)
  phelp=$(median_ms "$home/bin/tlsalert" --help)
  echo "packaged archive ($(sed -n 's/^JAVA_VERSION=//p' "$home/runtime/release") jlink runtime):"
  echo "  bare JVM hello-world (same runtime):     ${phello} ms"
  echo "  tlsalert explain 40:                     ${ptls} ms   ratio $(awk -v a="$ptls" -v b="$phello" 'BEGIN{printf "%.2f", a/b}')x"
  echo "  tlsalert --help:                         ${phelp} ms   ratio $(awk -v a="$phelp" -v b="$phello" 'BEGIN{printf "%.2f", a/b}')x"
fi
