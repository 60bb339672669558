#!/usr/bin/env bash
# Probe speed: starts misconfigured `openssl s_server`s on 127.0.0.1 (a test CA and leaves made in a temp dir), runs
#   tlsalert probe --json --trust ca.pem 127.0.0.1:PORT [options]
# on each and prints the cause id, the handshakes used (and their mean and maximum over the scenarios) and the wall time (whole process, JVM start included). Where
# testssl.sh has a comparable check it times that on the same server and prints the ratio testssl / tlsalert.
# Then fleet mode: 20 healthy servers, a targets file of 200 lines (10 per server), `--rate 0 --concurrency 32`.
# Usage: bench/scripts/probe.sh            (installs Debian's testssl.sh if missing and running as root)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/tlsalert" --version >/dev/null   # builds if needed
jar="$root/cli/target/tlsalert.jar"
command -v openssl >/dev/null || { echo "needs openssl" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 2; }

find_testssl() { command -v testssl.sh || command -v testssl || true; }   # Debian installs /usr/bin/testssl
if [ -z "$(find_testssl)" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing testssl.sh..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q testssl.sh >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q testssl.sh >/dev/null 2>&1; } \
    || echo "could not install testssl.sh; comparisons skipped" >&2
fi
testssl="$(find_testssl)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
now() { date +%s%N; }
secs() { awk -v n="$1" 'BEGIN{printf "%.3f", n/1e9}'; }

# --- PKI -------------------------------------------------------------------------------------------------------------
cd "$work"
ossl() { openssl "$@" >>"$work/openssl.log" 2>&1; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
  -subj "/O=tlsalert bench/CN=Bench Root CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign"
leaf() { # name keytype(ec|rsa) issuer(ca|self) days san
  local name=$1 kt=$2 iss=$3 days=$4 san=$5 ka
  if [ "$kt" = rsa ]; then ka=(-newkey rsa:2048); else ka=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
  printf 'basicConstraints=CA:FALSE\nsubjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" > "$name.ext"
  ossl req "${ka[@]}" -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name"
  if [ "$iss" = self ]; then
    ossl x509 -req -in "$name.csr" -signkey "$name.key" -out "$name.pem" -days "$days" -extfile "$name.ext"
  else
    ossl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days "$days" -extfile "$name.ext"
  fi
}
leaf good ec ca 30 "DNS:localhost,IP:127.0.0.1"
leaf rsa rsa ca 30 "DNS:localhost,IP:127.0.0.1"
leaf self ec self 30 "DNS:localhost,IP:127.0.0.1"
leaf expired ec ca -1 "DNS:localhost,IP:127.0.0.1"
leaf named ec ca 30 "DNS:good.test"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# serve NAME CERT [s_server options...]: starts s_server, waits for ACCEPT, sets $port.
serve() {
  local name=$1 cert=$2; shift 2
  port=$(free_port)
  openssl s_server -accept "127.0.0.1:$port" -www -cert "$cert.pem" -key "$cert.key" "$@" \
    </dev/null >"$work/$name.log" 2>&1 &
  pids+=($!)
  local i=0
  until grep -q ACCEPT "$work/$name.log" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 500 ] && { echo "s_server $name did not start" >&2; cat "$work/$name.log" >&2; exit 3; }
    sleep 0.01
  done
}

# --- Scenarios -------------------------------------------------------------------------------------------------------
# name | cert | s_server options | probe options | testssl options ("" = no comparable check)
scenarios=(
  "healthy|good|||-p"
  "tls13-only vs 1.2|good|-tls1_3|--tls 1.2|-p"
  "tls12-only vs 1.3|good|-tls1_2|--tls 1.3|-p"
  "RSA-kx-only vs ECDHE|rsa|-tls1_2 -cipher AES256-SHA256|--tls 1.2 --ciphers TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384|-e"
  "no shared group|good|-groups P-384|--groups x25519,secp256r1|--fs"
  "client cert required|good|-Verify 1 -CAfile ca.pem||"
  "strict SNI|good|-servername good.test -servername_fatal -cert2 named.pem -key2 named.key|--sni bad.test|"
  "ALPN mismatch|good|-alpn h2|--alpn http/1.1|"
  "self-signed|self|||-S"
  "expired|expired|||-S"
  "CAMELLIA only|rsa|-tls1_2 -cipher ECDHE-RSA-CAMELLIA256-SHA384||-e"
  "CCM only|good|-tls1_2 -cipher ECDHE-ECDSA-AES128-CCM||-e"
  "ARIA only|rsa|-tls1_2 -cipher ECDHE-ARIA256-GCM-SHA384||-e"
  "CBC only vs AEAD pins|rsa|-tls1_2 -cipher ECDHE-RSA-AES128-SHA|--tls 1.2 --ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384|-e"
  "SHA-1 signatures only|rsa|-tls1_2 -sigalgs RSA+SHA1 -cipher DEFAULT:@SECLEVEL=0||"
)
hs_total=0; hs_max=0; hs_n=0

printf '\n%-22s %-34s %5s %9s   %-16s %9s %7s\n' scenario "cause id" hs "tlsalert" "testssl check" "testssl" ratio
printf '%s\n' "$(printf '%.0s-' {1..112})"
for s in "${scenarios[@]}"; do
  IFS='|' read -r name cert sopts popts topts <<<"$s"
  # shellcheck disable=SC2086
  serve "s$RANDOM" "$cert" $sopts
  t0=$(now)
  # shellcheck disable=SC2086
  java -XX:+UseSerialGC -jar "$jar" probe --json --trust ca.pem "127.0.0.1:$port" $popts >"$work/out.json" 2>"$work/err" || true
  t1=$(now)
  ta=$((t1 - t0))
  read -r id hs < <(jq -r '"\(.cause.id) \(.handshakes)"' "$work/out.json" 2>/dev/null || echo "error -")
  tcol="-"; tt="-"; ratio="-"
  if [ -n "$topts" ] && [ -n "$testssl" ]; then
    t0=$(now)
    # shellcheck disable=SC2086
    timeout 120 "$testssl" --quiet --color 0 --warnings off $topts "127.0.0.1:$port" >"$work/testssl.out" 2>&1 || true
    grep -q "127.0.0.1" "$work/testssl.out" || { echo "testssl output:"; head -20 "$work/testssl.out"; }
    t1=$(now)
    tcol="$topts"; tt="$(secs $((t1 - t0)))s"; ratio=$(awk -v a=$((t1 - t0)) -v b=$ta 'BEGIN{printf "%.1fx", a/b}')
  fi
  printf '%-22s %-34s %5s %8ss   %-16s %9s %7s\n' "$name" "$id" "$hs" "$(secs $ta)" "$tcol" "$tt" "$ratio"
  if [[ "$hs" =~ ^[0-9]+$ ]]; then
    hs_total=$((hs_total + hs)); hs_n=$((hs_n + 1)); [ "$hs" -gt "$hs_max" ] && hs_max=$hs
  fi
done
[ "$hs_n" -gt 0 ] && awk -v t=$hs_total -v n=$hs_n -v m=$hs_max \
  'BEGIN{printf "handshakes per diagnosis: mean %.1f, max %d (limit 25), over %d scenarios\n", t/n, m, n}'
[ -z "$testssl" ] && echo "(testssl.sh not available: no comparisons)"

# --- Fleet mode ------------------------------------------------------------------------------------------------------
: > targets.txt
for i in $(seq 1 20); do
  serve "fleet$i" good
  for _ in $(seq 1 10); do echo "127.0.0.1:$port" >> targets.txt; done
done
n=$(wc -l < targets.txt)
t0=$(now)
java -XX:+UseSerialGC -jar "$jar" probe --targets targets.txt --json --trust ca.pem --rate 0 --concurrency 32 \
  >"$work/fleet.jsonl" 2>"$work/fleet.err" || true
t1=$(now)
ok=$(jq -r '.cause.id' "$work/fleet.jsonl" 2>/dev/null | grep -c '^ok$' || true)
all=$(jq -r '.cause.id' "$work/fleet.jsonl" 2>/dev/null | wc -l)
echo
echo "fleet: $n targets on 20 s_servers, $all results ($ok ok) in $(secs $((t1 - t0)))s:" \
  "$(awk -v n="$n" -v t=$((t1 - t0)) 'BEGIN{printf "%.1f", n/(t/1e9)}') targets/s (--rate 0 --concurrency 32, JVM start included)"
if [ "$ok" != "$n" ]; then
  echo "non-ok fleet results:"; jq -r '.cause.id' "$work/fleet.jsonl" 2>/dev/null | sort | uniq -c; head -5 "$work/fleet.err"
fi
