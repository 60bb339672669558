#!/usr/bin/env bash
# explain --summary speed, whole process: generates a log (default 1 GiB, LogGen's "mixed": nginx, HAProxy, Postfix,
# Dovecot, Go, Envoy and JVM lines, about one line in five a TLS failure; "tls": every entry one), then times
#   cat FILE > /dev/null                          (the ceiling)
#   tlsalert explain --summary --json FILE        (whole process: JVM start, streaming, grouping, JSON)
# and prints MB/s by wall clock and by CPU time (user + sys: what a loaded machine does not distort), and the peak RSS
# (the log is streamed in 8 MiB chunks: memory must not grow with the file).
# Usage: bench/scripts/summary.sh [size MiB] [mixed|tls] [log path]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mib="${1:-1024}"
kind="${2:-mixed}"
file="${3:-${TMPDIR:-/tmp}/tlsalert-summary-$kind-$mib.log}"
"$root/tlsalert" --version >/dev/null   # builds the CLI if needed
[ -f "$root/bench/target/benchmarks.jar" ] || (cd "$root" && mvn -q -o -pl bench -am package -DskipTests)
[ -f "$file" ] || java -cp "$root/bench/target/benchmarks.jar" io.tlsalert.bench.LogGen "$file" "$mib" "$kind"
bytes=$(stat -c %s "$file")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now() { date +%s%N; }
t0=$(now); cat "$file" > /dev/null; t1=$(now)
cat_s=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
/usr/bin/time -f "%e %U %S %M" -o "$work/time" java -XX:+UseSerialGC -jar "$root/cli/target/tlsalert.jar" \
  explain --summary --json "$file" > "$work/summary.json" || true
read -r wall user sys rss < "$work/time"
groups=$(grep -c '"kind"' "$work/summary.json" || true)
echo "log: $file, $bytes bytes; $groups groups; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v b="$bytes" -v c="$cat_s" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN{
  printf "cat:      %.2f s  %.0f MB/s\n", c, b/1e6/c;
  printf "summary:  %.2f s wall  %.0f MB/s;  %.2f s CPU (user %.2f + sys %.2f)  %.0f MB/s;  peak RSS %.0f MiB\n", w, b/1e6/w, u+s, u, s, b/1e6/(u+s), r/1024 }'
