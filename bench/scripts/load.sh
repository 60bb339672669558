#!/usr/bin/env bash
# Load on the HTTP API with wrk (Debian package), on loopback: GET /api/alerts/40 and POST /api/explain.
# Prints requests/s, p50/p99 latency and errors for each, and the server's resident memory before and after.
# Usage: bench/scripts/load.sh [seconds per run] [connections]   (defaults: 60, 64)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
secs="${1:-60}"
conns="${2:-64}"
port=$(( 20000 + RANDOM % 20000 ))
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
"$root/tlsalert" --version >/dev/null   # builds if needed
work="$(mktemp -d)"
java -XX:+UseSerialGC -Xmx256m -jar "$root/cli/target/tlsalert.jar" serve --port "$port" 2>"$work/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2/1024 " MiB"}' "/proc/$pid/status"; }

cat >"$work/explain.lua" <<'LUA'
wrk.method = "POST"
wrk.body   = "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)"
wrk.headers["Content-Type"] = "text/plain"
LUA

# Warm-up (JIT), not counted.
wrk -t2 -c"$conns" -d5s "http://127.0.0.1:$port/api/alerts/40" >/dev/null
wrk -t2 -c"$conns" -d5s -s "$work/explain.lua" "http://127.0.0.1:$port/api/explain" >/dev/null
echo "server RSS before: $(rss)"
report() { # name, wrk output file
  awk -v name="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx or 3xx/ {non2xx=$NF}
    /Socket errors/ {sock=$0}
    END {printf "%-22s %10s req/s   p50 %-8s p99 %-8s non-2xx %s %s\n", name, rps, p50, p99, (non2xx==""?0:non2xx), sock}' "$2"
}
wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port/api/alerts/40" >"$work/lookup.txt"
report "GET /api/alerts/40" "$work/lookup.txt"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/explain.lua" "http://127.0.0.1:$port/api/explain" >"$work/explain.txt"
report "POST /api/explain" "$work/explain.txt"
echo "server RSS after:  $(rss)"
