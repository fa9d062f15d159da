#!/usr/bin/env bash
# Issue 11, end to end: what the tap costs against going direct, nginx and mitmproxy, measured side by side.
#
# Starts, each on loopback with its own free ports and configuration:
#   upstreams       the embedded WinRM server and a WebSocket echo server (one JVM: dev.tapdeck.bench.Backends)
#   direct          the load client straight to the upstreams
#   tapdeck-record  tapdeck proxy (observe, decoding, recording to a temp dir), a JVM per upstream
#   tapdeck         the same with recording off
#   nginx           plain reverse proxy (HTTP/1.1 keepalive upstream, WebSocket upgrade), an instance per upstream
#   mitmdump        mitmproxy in reverse mode, an instance per upstream
# then runs dev.tapdeck.bench.E2eBench, which interleaves every workload over every path in short rounds
# and writes the tables (throughput, p50/p99, the proxy's CPU per 1,000 and peak RSS, idle WebSocket
# memory) with the ratios to issue 11's targets into bench/RESULTS.md (or --out FILE).
# nginx and mitmproxy are installed with apt when missing (root or passwordless sudo; --no-install to
# skip); a path whose program is missing or does not start is skipped and the table says so.
#
#   bench/run.sh                              the full table (about 15 minutes; run it on a quiet machine)
#   bench/run.sh --rounds 2 --seconds 3 --warmup 1 --winrm-connections 4,1 --ws-connections 4 --idle 1000
#                                             a smoke run
# Options of this script: --out FILE, --label TEXT (a line under the title), --no-install, --no-build.
# Every other option goes to E2eBench: --rounds N (3) --seconds S per round and path (10) --warmup S per
# path and workload (5) --winrm-connections LIST (16,1) --ws-connections LIST (16) --ws-sizes LIST
# (1024,65536) --idle LIST (1000,10000) --command CMD (type) --sends N (3) --stdin-bytes B (2100).
# TAPDECK_JAVA_OPTS: JVM options of the Tapdeck processes (default none: the JVM's defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="bench/run.sh"
[ $# -gt 0 ] && command_line+=$(printf ' %q' "$@")

out=bench/RESULTS.md
label=""
install=1
build=1
driver_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --no-install) install=0; shift ;;
    --no-build) build=0; shift ;;
    *) driver_args+=("$1"); shift ;;
  esac
done

# 10,000 idle connections through a proxy take 20,000 descriptors in it (client and upstream side)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
nofile=$(ulimit -n)
max_idle=$(( (nofile - 200) / 2 ))

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }
if [ "$install" = 1 ]; then
  missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v mitmdump >/dev/null || missing+=(mitmproxy)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} with apt" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
      || echo "could not install ${missing[*]}: those paths are skipped" >&2
  fi
fi

if [ "$build" = 1 ]; then
  mvn -q -pl bench,cli -am package -DskipTests
fi
bench_jar=bench/target/benchmarks.jar
tapdeck_jar=cli/target/tapdeck.jar

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tapdeck-bench.XXXXXX")
started=()
cleanup() {
  [ -f "$tmp/pids" ] && mapfile -t -O "${#started[@]}" started <"$tmp/pids"
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
: >"$tmp/pids"

# waits until 127.0.0.1:$1 accepts connections, while process $2 lives (30 s at most)
wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

mapfile -t ports < <(java -cp "$bench_jar" dev.tapdeck.bench.Backends --free-ports 10)
winrm_port=${ports[0]}
ws_port=${ports[1]}
java -cp "$bench_jar" dev.tapdeck.bench.Backends --winrm-port "$winrm_port" --ws-port "$ws_port" >"$tmp/backends.log" 2>&1 &
started+=($!)
wait_port "$winrm_port" $! && wait_port "$ws_port" $! || { cat "$tmp/backends.log" >&2; echo "upstreams did not start" >&2; exit 1; }

paths=(--path "direct,http://127.0.0.1:$winrm_port/wsman,-,ws://127.0.0.1:$ws_port/echo,-")

# starts "$@" in the background with its log at $tmp/$name.log; prints its pid, or nothing when it did not listen.
# Called in a command substitution (a subshell), so the pid is also appended to $tmp/pids for the cleanup.
start_proxy() {
  local name=$1 port=$2
  shift 2
  "$@" >"$tmp/$name.log" 2>&1 &
  local pid=$!
  echo "$pid" >>"$tmp/pids"
  if wait_port "$port" "$pid"; then echo "$pid"; else echo "$name did not start; its log:" >&2; tail -5 "$tmp/$name.log" >&2; fi
}

# one path = a WinRM proxy on port $2 and a WebSocket proxy on port $3, started by the function $4 NAME PORT UPSTREAM
add_path() {
  local name=$1 winrm_listen=$2 ws_listen=$3 starter=$4
  local winrm_pid ws_pid
  winrm_pid=$("$starter" "$name-winrm" "$winrm_listen" "$winrm_port")
  ws_pid=$("$starter" "$name-ws" "$ws_listen" "$ws_port")
  # nginx's workers are found as the master's children; the others are one process
  if [ -n "$winrm_pid" ] && [ -n "$ws_pid" ]; then
    paths+=(--path "$name,http://127.0.0.1:$winrm_listen/wsman,$winrm_pid,ws://127.0.0.1:$ws_listen/echo,$ws_pid")
  else
    paths+=(--skip "$name,did not start (see the script's output)")
  fi
}

tapdeck_start() {
  local name=$1 listen=$2 upstream=$3 scheme=http record=()
  case "$name" in *-ws) scheme=ws ;; esac
  case "$name" in tapdeck-record-*) record=(--record "$tmp/recordings-$name") ;; esac
  start_proxy "$name" "$listen" java ${TAPDECK_JAVA_OPTS:-} -jar "$tapdeck_jar" proxy --listen "127.0.0.1:$listen" \
    --target "$scheme://127.0.0.1:$upstream" "${record[@]}" -q
}

nginx_start() {
  local name=$1 listen=$2 upstream=$3 dir="$tmp/$1"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes auto;
worker_rlimit_nofile $nofile;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections $nofile; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  client_max_body_size 8m;
  # keepalive to the upstream for plain requests (Connection ""), the upgrade passed on for WebSocket
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  upstream backend { server 127.0.0.1:$upstream; keepalive 64; }
  server {
    listen 127.0.0.1:$listen;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
    }
  }
}
EOF
  start_proxy "$name" "$listen" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
}

mitmdump_start() {
  local name=$1 listen=$2 upstream=$3
  start_proxy "$name" "$listen" mitmdump --mode "reverse:http://127.0.0.1:$upstream" --listen-host 127.0.0.1 \
    -p "$listen" -q --set confdir="$tmp/mitmproxy-conf"
}

add_path tapdeck-record "${ports[2]}" "${ports[3]}" tapdeck_start
add_path tapdeck "${ports[4]}" "${ports[5]}" tapdeck_start
if command -v nginx >/dev/null; then
  add_path nginx "${ports[6]}" "${ports[7]}" nginx_start
else
  paths+=(--skip "nginx,not installed (Debian package nginx)")
fi
if command -v mitmdump >/dev/null; then
  add_path mitmdump "${ports[8]}" "${ports[9]}" mitmdump_start
else
  paths+=(--skip "mitmdump,not installed (Debian package mitmproxy)")
fi

java -cp "$bench_jar" dev.tapdeck.bench.E2eBench --clk-tck "$(getconf CLK_TCK)" --max-idle "$max_idle" \
  "${paths[@]}" "${driver_args[@]}" >"$tmp/tables.md"

recorded=$(du -sm "$tmp"/recordings-* 2>/dev/null | awk '{s += $1} END {print s + 0}')
{
  echo "# Tapdeck end to end: direct, Tapdeck, nginx, mitmdump"
  echo
  [ -n "$label" ] && { echo "**$label**"; echo; }
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores (nproc)," \
    "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r)"
  echo "- Software: $(java -version 2>&1 | head -1), $(nginx -v 2>&1 || echo 'nginx missing')," \
    "$(mitmdump --version 2>/dev/null | head -1 || echo 'mitmdump missing')"
  echo "- Command: \`$command_line\` (descriptor limit $nofile)"
  echo "- Paths: direct (client to upstream); tapdeck-record (tapdeck proxy, observe, recording on: ${recorded} MB" \
    "recorded); tapdeck (recording off); nginx (reverse proxy, keepalive upstream); mitmdump (reverse mode)." \
    "Each proxy is one process (nginx: master and workers) per upstream; CPU and RSS are that process's." \
    "Client, upstreams and proxy share the machine's cores."
  echo "- Rounds interleave the paths (the first path rotates each round); the figures sum all rounds."
  echo
  cat "$tmp/tables.md"
} >"$out"
echo "wrote $out" >&2
