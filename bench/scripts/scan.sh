#!/usr/bin/env bash
# Scan speed: generates a capture (default 1 GiB: many connections, healthy TLS 1.2 with application data,
# handshake_failure refusals, TLS 1.3 encrypted alerts, plain HTTP), then in the same run times
#   cat FILE > /dev/null                       (the ceiling)
#   tlsalert scan --json FILE                  (whole process)
#   tshark -r FILE -Y tls.alert_message ...    (the peer tool)
# checks that both report the same plaintext alerts (frame numbers), and prints throughputs and the ratio.
# Usage: bench/scripts/scan.sh [size MiB] [capture path]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mib="${1:-1024}"
file="${2:-${TMPDIR:-/tmp}/tlsalert-bench-$mib.pcap}"
command -v tshark >/dev/null || { echo "needs tshark (apt-get install tshark)" >&2; exit 2; }
"$root/tlsalert" --version >/dev/null   # builds if needed
[ -f "$file" ] || java "$root/bench/scripts/GenCapture.java" "$file" "$mib"
bytes=$(stat -c %s "$file")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now() { date +%s%N; }

t0=$(now); cat "$file" > /dev/null; t1=$(now)
cat_s=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')

t0=$(now)
/usr/bin/time -f "%M" -o "$work/rss" java -XX:+UseSerialGC -jar "$root/cli/target/tlsalert.jar" scan --json "$file" > "$work/scan.jsonl" || true
t1=$(now)
scan_s=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')
scan_rss=$(( $(cat "$work/rss") / 1024 ))

t0=$(now)
tshark -n -d tcp.port==8443,tls -r "$file" -Y tls.alert_message -T fields -e frame.number -e tls.alert_message.desc > "$work/tshark.txt" 2>/dev/null
t1=$(now)
tshark_s=$(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.3f", n/1e9}')

# Plaintext alerts (and TLS 1.2 encrypted ones, which tshark also lists) must agree frame for frame.
python3 - "$work/scan.jsonl" "$work/tshark.txt" <<'PY'
import json, sys
scan = sorted(a["frame"] for l in open(sys.argv[1]) for a in json.loads(l)["alerts"]
              if not (a["encrypted"] and a["code"] is None and "16-byte tag" in (a["evidence"] or "") and "content type 21" not in (a["evidence"] or "")))
tsh = sorted(int(l.split("\t")[0]) for l in open(sys.argv[2]) if l.strip())
print(f"alerts: tlsalert {len(scan)} (plus TLS 1.3 encrypted alerts tshark cannot see), tshark {len(tsh)}: "
      + ("same frames" if scan == tsh else f"DIFFERENT ({len(set(scan) ^ set(tsh))} frames differ)"))
PY
mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN{printf "%.0f MB/s", b/1e6/s}'; }
echo "capture: $file, $bytes bytes"
echo "cat > /dev/null:   ${cat_s} s   $(mbs "$cat_s")"
echo "tlsalert scan:     ${scan_s} s   $(mbs "$scan_s")   max RSS ${scan_rss} MiB"
echo "tshark -Y alert:   ${tshark_s} s   $(mbs "$tshark_s")"
awk -v a="$tshark_s" -v b="$scan_s" 'BEGIN{printf "ratio: tlsalert is %.1fx tshark\n", a/b}'
