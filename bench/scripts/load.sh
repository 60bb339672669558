#!/usr/bin/env bash
# Load and soak on the HTTP API with wrk (Debian package), on loopback, against `tlsalert serve`:
#   1. GET /api/alerts/40 and POST /api/explain (2 lines), CONNECTIONS connections: throughput and latency;
#   2. POST /api/explain with 500 KB bodies, HEAVY connections (default 200);
#   3. POST /api/decode with adversarial bodies (a `hexdump -C` text whose `*` line repeats a row, 20,000 one-byte
#      records, 60,000 alert records, ClientHellos whose cipher suites amplify into ~34 MB of JSON, a small body),
#      HEAVY connections;
# while 2 and 3 run, /healthz is asked every 50 ms on a connection of its own (its p50/p99/max are printed), and the
# server's resident memory is sampled every 5 s. Prints req/s, latency and the answers by status for each run.
# Goals (README): zero 5xx other than 503 under overload, /healthz p99 <= 50 ms meanwhile, resident memory flat.
# Usage: bench/scripts/load.sh [seconds per run] [connections] [heavy connections]   (defaults: 60, 64, 200)
#   RUNS="soak-explain soak-decode" runs only those (default: lookup explain soak-explain soak-decode);
#   SERVER_JAVA_OPTS replaces the server's JVM options (default: the launcher's -XX:+UseSerialGC, and -Xmx256m).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
secs="${1:-60}"
conns="${2:-64}"
heavy="${3:-200}"
runs=" ${RUNS:-lookup explain soak-explain soak-decode} "
want() { [[ "$runs" == *" $1 "* ]]; }
port=$(( 20000 + RANDOM % 20000 ))
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
"$root/tlsalert" --version >/dev/null   # builds if needed
work="$(mktemp -d)"
java ${SERVER_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m} -jar "$root/cli/target/tlsalert.jar" serve --port "$port" 2>"$work/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"
rss() { awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$pid/status"; }

# --- bodies -------------------------------------------------------------------------------------------------------
# 500 KB of a service's log with TLS failures of several stacks among ordinary lines.
python3 - "$work/explain-500k.txt" <<'PY'
import sys
lines = [
    "2026-12-03T10:15:0{i}Z INFO  request handled in 12 ms status=200 path=/orders/{i}",
    "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure",
    "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
    "2026-12-03T10:15:0{i}Z WARN  upstream: remote error: tls: bad certificate",
    "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to api.example.com:443",
    "2026-12-03T10:15:0{i}Z INFO  cache refreshed (4096 entries)",
]
out, i = [], 0
while sum(len(l) + 1 for l in out) < 500_000:
    out.append(lines[i % len(lines)].format(i=i % 10)); i += 1
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
# A hexdump -C text whose '*' line repeats one row of alert records up to the declared end offset (16 MiB here).
printf '00000000  15 03 03 00 02 02 28 15  03 03 00 02 02 28 15 03  |......(......(..|\n*\n01000000\n' >"$work/decode-star.txt"
# 20,000 one-byte handshake records (the reassembly has to join them), as hex.
python3 -c "print(''.join('1603030001%02x' % (i % 256) for i in range(20000)))" >"$work/decode-onebyte.txt"
# 60,000 alert records in one body: a large answer (over the server's answer limit).
python3 -c "print('15030300020228' * 60000)" >"$work/decode-many.txt"
# 10 ClientHellos of 32,767 cipher suites each, as base64 (875 KB): ~34 MB of JSON unbounded; the server's answer
# stops at its JSON limit (DecodeLimits.maxOutputChars) and says so in "truncated".
python3 - "$work/decode-amplify.txt" <<'PY'
import base64, struct, sys
suites = b"".join(struct.pack(">H", 0x1301 + i % 3) for i in range(32767))
body = b"\x03\x03" + bytes(33) + struct.pack(">H", len(suites)) + suites + b"\x01\x00\x00\x00"
stream = (b"\x01" + struct.pack(">I", len(body))[1:] + body) * 10
recs = b"".join(b"\x16\x03\x03" + struct.pack(">H", len(stream[i:i + 16384])) + stream[i:i + 16384]
                for i in range(0, len(stream), 16384))
open(sys.argv[1], "w").write(base64.b64encode(recs).decode())
PY
# An ordinary small body, so the mix has answers that succeed.
echo "15 03 03 00 02 02 30" >"$work/decode-small.txt"

cat >"$work/count.lua" <<'LUA'
-- Counts the answers by status across wrk's threads (printed in done()).
local threads = {}
function setup(thread) table.insert(threads, thread) end
statuses = {}
shown = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 500 and status ~= 503 and not shown[status] then
    shown[status] = true
    io.stderr:write(string.format("a %d answer: %s\n", status, string.sub(body or "", 1, 300)))
  end
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("status %d: %d\n", k, total[k])) end
end
LUA
cat >"$work/explain.lua" <<'LUA'
dofile(os.getenv("COUNT_LUA"))
wrk.method = "POST"
wrk.body   = "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)"
wrk.headers["Content-Type"] = "text/plain"
LUA
cat >"$work/bodies.lua" <<'LUA'
-- POSTs the files named after `--` in turn, as text/plain.
dofile(os.getenv("COUNT_LUA"))
local bodies, i = {}, 0
function init(args)
  for _, f in ipairs(args) do
    local h = assert(io.open(f, "rb")); table.insert(bodies, h:read("*a")); h:close()
  end
end
function request()
  i = i + 1
  return wrk.format("POST", nil, {["Content-Type"] = "text/plain"}, bodies[(i % #bodies) + 1])
end
LUA
export COUNT_LUA="$work/count.lua"

report() { # name, wrk output file
  awk -v name="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Socket errors/ {sock=$0}
    /^status / {st = st " " $2 $3}
    END {printf "%-30s %9s req/s  p50 %-8s p99 %-8s answers%s %s\n", name, rps, p50, p99, st, sock}' "$2"
}
# /healthz every 50 ms on its own connection while a run goes on; prints p50/p99/max in ms.
healthz_watch() { # seconds, output file
  python3 - "$port" "$1" "$2" <<'PY'
import http.client, sys, time
port, secs, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
lat, fail, end = [], 0, time.time() + secs
while time.time() < end:
    t0 = time.perf_counter()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/healthz"); r = c.getresponse(); r.read(); c.close()
        if r.status != 200: fail += 1
    except Exception:
        fail += 1
    lat.append((time.perf_counter() - t0) * 1000)
    time.sleep(0.05)
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
open(out, "w").write("/healthz meanwhile: %d asked, p50 %.1f ms, p99 %.1f ms, max %.1f ms, failed %d\n"
                     % (len(lat), q(0.50), q(0.99), lat[-1], fail))
PY
}
rss_watch() { # seconds, output file
  local end=$(( $(date +%s) + $1 )); : >"$2"
  while [ "$(date +%s)" -lt "$end" ]; do rss >>"$2"; echo >>"$2"; sleep 5; done
}
soak() { # name, wrk arguments...
  local name="$1"; shift
  healthz_watch "$secs" "$work/healthz.txt" & local hw=$!
  rss_watch "$secs" "$work/rss.txt" & local rw=$!
  wrk -t2 -c"$heavy" -d"${secs}s" --timeout 10s --latency "$@" >"$work/soak.txt" || true
  wait $hw $rw || true
  report "$name" "$work/soak.txt"
  cat "$work/healthz.txt"
  echo "server RSS during the run (every 5 s): $(paste -sd' ' "$work/rss.txt")"
}

# Warm-up (JIT), not counted.
wrk -t2 -c"$conns" -d5s "$url/api/alerts/40" >/dev/null
wrk -t2 -c"$conns" -d5s -s "$work/explain.lua" "$url/api/explain" >/dev/null
echo "server RSS before: $(rss)"
if want lookup; then
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/count.lua" "$url/api/alerts/40" >"$work/lookup.txt"
  report "GET /api/alerts/40" "$work/lookup.txt"
fi
if want explain; then
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/explain.lua" "$url/api/explain" >"$work/explain.txt"
  report "POST /api/explain" "$work/explain.txt"
fi
echo "server RSS after:  $(rss)"
if want soak-explain; then
  soak "POST /api/explain 500 KB" -s "$work/bodies.lua" "$url/api/explain" -- "$work/explain-500k.txt"
fi
if want soak-decode; then
  soak "POST /api/decode adversarial" -s "$work/bodies.lua" "$url/api/decode" -- \
    "$work/decode-star.txt" "$work/decode-onebyte.txt" "$work/decode-many.txt" "$work/decode-amplify.txt" \
    "$work/decode-small.txt"
fi
echo "server RSS at the end: $(rss)"
echo "server log:"; grep -v '^\[' "$work/server.log" | head -20 || true
# With SERVER_JAVA_OPTS="... -Xlog:gc,safepoint:stderr": the longest pauses.
grep -o 'Total: [0-9]* ns' "$work/server.log" | sort -k2 -n | tail -3 || true
