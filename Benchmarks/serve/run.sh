#!/usr/bin/env bash
# Issue 4: `flowc serve` speed, start and memory, on loopback.
#
#   Benchmarks/serve/run.sh [SECONDS]            # all three parts (default 20 s of wrk per target)
#   PART=speed  Benchmarks/serve/run.sh 30       # only webhooks/s: bare Hummingbird vs flowc serve
#   PART=start  Benchmarks/serve/run.sh          # only start-to-ready with 100 bots as bundles
#   PART=memory Benchmarks/serve/run.sh          # only RSS with 100 bots and 1,000,000 conversations
#   PART=floor  Benchmarks/serve/run.sh 10       # the daemon's HTTP path alone (bad signatures: 401,
#                                                # nothing stored, no turn) against the bare endpoint
#
# Environment: CONNECTIONS (64), THREADS (wrk threads, 2), CONTACTS (contacts cycled in the speed
# run, 20000), RATE_CAP (webhooks generated per second of run, 16000), CONVERSATIONS (memory part,
# 1000000), START_RUNS (10), SKIP_BUILD=1 (reuse the release binaries), KEEP=1 (keep the temp dir),
# PIN=1 (servers on CPU 1, wrk on CPU 0; default: no pinning, everything shares both cores).
#
# Needs: swift, wrk, sqlite3, python3. Only 127.0.0.1 is used.
set -euo pipefail

DURATION=${1:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
CONTACTS=${CONTACTS:-20000}
RATE_CAP=${RATE_CAP:-16000}
CONVERSATIONS=${CONVERSATIONS:-1000000}
START_RUNS=${START_RUNS:-10}
PART=${PART:-all}
SECRET=bench-app-secret
ADMIN=bench-admin-token-0123456789

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FLOWC=${FLOWC:-$ROOT/.build-d/release/flowc}
BARE=$HERE/BareEndpoint/.build/release/BareEndpoint
TMP=$(mktemp -d /tmp/flowc-serve-bench.XXXXXX)
PIDS=()

cleanup() {
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
    if [ "${KEEP:-}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

if [ "${PIN:-}" = 1 ]; then SERVER_CPU="taskset -c 1"; WRK_CPU="taskset -c 0"; else SERVER_CPU=""; WRK_CPU=""; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL: until it answers 200 (30 s)
    for _ in $(seq 1 3000); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ] && return 0
        sleep 0.01
    done
    echo "no answer from $1" >&2; return 1
}
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; } # 0: the process is gone
mib() { awk -v x="$1" 'BEGIN {printf "%.1f", x / 1024}'; }
field() { sed -n "s/.*[ ]$2=\([^ ]*\).*/\1/p" <<<" $1"; }
sql() { sqlite3 -batch "$DB" "$1"; }

# Starts a BareEndpoint on PORT; records the pid.
start_bare() {
    $SERVER_CPU "$BARE" "$1" >"$TMP/bare-$1.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$1/healthz"
}

# Writes a config: $1 file, $2 port, $3 store path, $4 fake provider port, $5 number of bots
# (1: the shop folder as bot `shop`; N: the bundle $BUNDLE as shop00 … shopNN).
write_config() {
    {
        echo "listen: 127.0.0.1:$2"
        echo "store: sqlite:$3"
        echo "bots:"
        local n
        for ((n = 0; n < $5; n++)); do
            if [ "$5" = 1 ]; then
                echo "  - path: $ROOT/examples/shop"
            else
                echo "  - path: $BUNDLE"
                printf '    id: shop%02d\n' "$n"
            fi
            cat <<EOF
    env: {API_URL: "http://127.0.0.1:$4"}
    secrets: {API_TOKEN: "bench-token"}
    channels:
      - provider: whatsapp_cloud
        phone_number_id: "10654035$n"
        access_token: "bench-token"
        app_secret: "$SECRET"
        verify_token: "bench-verify"
        api_base: "http://127.0.0.1:$4"
EOF
        done
        echo "admin:"
        echo "  tokens: [\"$ADMIN\"]"
        echo "limits:"
        echo "  contact_rate: 50"
    } >"$1"
}

# wrk with the pre-signed webhooks: $1 label, $2 url, $3 file prefix, $4 seconds, [$5 fixed path]
run_wrk() {
    local out=$TMP/wrk-$1.txt
    WEBHOOKS=$3 WEBHOOK_PATH=${5:-} $WRK_CPU wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4"s --latency --timeout 10s \
        -s "$HERE/webhooks.lua" "$2" >"$out" 2>&1 || { cat "$out"; return 1; }
    grep '^RESULT' "$out" | sed "s/^RESULT/$1/"
}

build() {
    [ "${SKIP_BUILD:-}" = 1 ] && return 0
    echo "== building flowc (release, .build-d) and BareEndpoint (release)"
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --product flowc --scratch-path .build-d 2>&1 | tail -n 2)
    (cd "$HERE/BareEndpoint" && swift build -c release --scratch-path .build 2>&1 | tail -n 2)
}

# ---------------------------------------------------------------------------------------------
speed() {
    echo "== speed: ${DURATION}s of wrk -t$THREADS -c$CONNECTIONS per target, signed WhatsApp Cloud webhooks"
    local count=$((DURATION * RATE_CAP)) warm=$((3 * RATE_CAP))
    python3 "$HERE/gen_webhooks.py" "$TMP/run" "$count" "$THREADS" "$CONTACTS" "$SECRET" run
    python3 "$HERE/gen_webhooks.py" "$TMP/warm" "$warm" "$THREADS" "$CONTACTS" "$SECRET" warm
    echo "   $count + $warm webhooks generated ($CONTACTS contacts, cycled)"

    # 1. The bare Hummingbird endpoint: same requests, same connections.
    local bare_port; bare_port=$(free_port)
    start_bare "$bare_port"
    run_wrk bare-warmup "http://127.0.0.1:$bare_port/webhook" "$TMP/warm" 3 /webhook >/dev/null
    local bare; bare=$(run_wrk bare "http://127.0.0.1:$bare_port/webhook" "$TMP/run" "$DURATION" /webhook)
    echo "   $bare"
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'

    # 2. flowc serve: a real turn of the shop bot per webhook, durable SQLite, outbox, fake Graph API.
    local fake_port port; fake_port=$(free_port); port=$(free_port)
    start_bare "$fake_port"
    DB=$TMP/speed/state/flowd.sqlite
    write_config "$TMP/speed.yaml" "$port" "$DB" "$fake_port" 1
    $SERVER_CPU "$FLOWC" serve --config "$TMP/speed.yaml" >"$TMP/speed-daemon.log" 2>&1 &
    local daemon=$!
    PIDS+=($daemon)
    wait_http "http://127.0.0.1:$port/readyz"
    run_wrk flowc-warmup "http://127.0.0.1:$port/webhooks/shop/whatsapp_cloud" "$TMP/warm" 3 >/dev/null
    # Let the warm-up's turns finish before measuring.
    for _ in $(seq 1 600); do [ "$(sql 'SELECT count(*) FROM inbox WHERE processed_at IS NULL')" = 0 ] && break; sleep 0.1; done
    local before_in before_turns
    before_in=$(sql 'SELECT count(*) FROM inbox')
    local t0; t0=$(date +%s.%N)
    local flowc; flowc=$(run_wrk flowc "http://127.0.0.1:$port/webhooks/shop/whatsapp_cloud" "$TMP/run" "$DURATION")
    local t1; t1=$(date +%s.%N)
    echo "   $flowc"
    local pending left=0
    for _ in $(seq 1 1800); do
        pending=$(sql 'SELECT count(*) FROM inbox WHERE processed_at IS NULL')
        [ "$pending" = 0 ] && break
        sleep 0.1
    done
    local t2; t2=$(date +%s.%N)
    local inbox processed outbox out_sent conversations messages sends turns_metric
    inbox=$(($(sql 'SELECT count(*) FROM inbox') - before_in))
    processed=$(sql "SELECT count(*) FROM inbox WHERE processed_at IS NOT NULL AND external_id LIKE 'wamid.run.%'")
    outbox=$(sql "SELECT count(*) FROM outbox")
    out_sent=$(sql "SELECT status || '=' || count(*) FROM outbox GROUP BY status" | tr '\n' ' ')
    conversations=$(sql 'SELECT count(*) FROM conversations')
    messages=$(sql "SELECT direction || '=' || count(*) FROM messages GROUP BY direction" | tr '\n' ' ')
    sends=$(curl -s "http://127.0.0.1:$fake_port/count")
    turns_metric=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^flowc_turns_total/ {print $2}')
    local rss hwm; rss=$(kb "$daemon" VmRSS); hwm=$(kb "$daemon" VmHWM)
    local log_lines; log_lines=$(wc -l <"$TMP/speed-daemon.log")

    local answered; answered=$(( $(field "$flowc" requests) - $(field "$flowc" non2xx) ))
    echo
    awk -v b="$bare" -v f="$flowc" 'function g(s, k,   r) { r = s; sub(".*[ ]" k "=", "", r); sub(" .*", "", r); return r }
        BEGIN {
            printf "   %-26s %12s %9s %9s %9s %9s %8s\n", "", "requests/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "non-2xx"
            printf "   %-26s %12.0f %9.2f %9.2f %9.2f %9.1f %8d\n", "bare Hummingbird POST", g(b, "rps"), g(b, "p50_ms"), g(b, "p95_ms"), g(b, "p99_ms"), g(b, "max_ms"), g(b, "non2xx")
            printf "   %-26s %12.0f %9.2f %9.2f %9.2f %9.1f %8d\n", "flowc serve (webhook+turn)", g(f, "rps"), g(f, "p50_ms"), g(f, "p95_ms"), g(f, "p99_ms"), g(f, "max_ms"), g(f, "non2xx")
            r = (g(f, "rps") + 0) / (g(b, "rps") + 0)
            printf "   flowc / bare = %.1f %% (goal >= 60 %%: %s); p99 %.2f ms (goal < 25 ms: %s)\n", 100 * r, (r >= 0.6 ? "met" : "NOT met"), g(f, "p99_ms"), (g(f, "p99_ms") + 0 < 25 ? "met" : "NOT met")
            printf "   seed promise 15,000 req/s at p95 < 10 ms: %.0f req/s = %.2fx, p95 %.2f ms\n", g(f, "rps"), g(f, "rps") / 15000, g(f, "p95_ms")
        }'
    awk -v a="$answered" -v i="$inbox" -v p="$processed" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v pend="$pending" \
        'BEGIN {
            printf "   turns: %d webhooks answered 2xx by wrk, %d new inbox rows, %d of the run processed (%d still pending)\n", a, i, p, pend
            printf "   turns ran in %.1f s = %.0f turns/s (wrk %.1f s + %.1f s draining after it)\n", t2 - t0, p / (t2 - t0), t1 - t0, t2 - t1
        }'
    echo "   conversations: $conversations; messages: $messages; outbox rows: $outbox ($out_sent); fake Graph API answered $sends sends; flowc_turns_total $turns_metric"
    echo "   daemon RSS $(mib "$rss") MiB (peak $(mib "$hwm") MiB); daemon log: $log_lines lines"
    [ "$(field "$flowc" wrapped)" = 0 ] || echo "   WARNING: wrk ran out of unique webhooks (wrapped=$(field "$flowc" wrapped)): raise RATE_CAP"
    kill "$daemon"; wait "$daemon" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
# What the daemon costs before any storage or turn: the same webhooks signed with another secret,
# so each is read, routed to its bot and channel, HMAC-checked and answered 401 (nothing stored).
floor() {
    echo "== floor: ${DURATION}s of wrk -t$THREADS -c$CONNECTIONS per target, webhooks with a wrong signature (401)"
    local count=$((DURATION * RATE_CAP))
    python3 "$HERE/gen_webhooks.py" "$TMP/bad" "$count" "$THREADS" "$CONTACTS" "not-the-app-secret" bad
    local bare_port; bare_port=$(free_port)
    start_bare "$bare_port"
    run_wrk bare-warmup "http://127.0.0.1:$bare_port/webhook" "$TMP/bad" 3 /webhook >/dev/null
    local bare; bare=$(run_wrk bare "http://127.0.0.1:$bare_port/webhook" "$TMP/bad" "$DURATION" /webhook)
    kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'
    local port fake_port; port=$(free_port); fake_port=$(free_port)
    DB=$TMP/floor/state/flowd.sqlite
    write_config "$TMP/floor.yaml" "$port" "$DB" "$fake_port" 1
    $SERVER_CPU "$FLOWC" serve --config "$TMP/floor.yaml" >"$TMP/floor-daemon.log" 2>&1 &
    local daemon=$!
    PIDS+=($daemon)
    wait_http "http://127.0.0.1:$port/readyz"
    run_wrk flowc-warmup "http://127.0.0.1:$port/webhooks/shop/whatsapp_cloud" "$TMP/bad" 3 >/dev/null
    local flowc; flowc=$(run_wrk flowc "http://127.0.0.1:$port/webhooks/shop/whatsapp_cloud" "$TMP/bad" "$DURATION")
    echo "   $bare"
    echo "   $flowc"
    awk -v b="$bare" -v f="$flowc" -v rows="$(sql 'SELECT count(*) FROM inbox')" 'function g(s, k,   r) { r = s; sub(".*[ ]" k "=", "", r); sub(" .*", "", r); return r }
        BEGIN {
            printf "   flowc serve answering 401 / bare = %.1f %% (%.0f / %.0f req/s); flowc p99 %.2f ms; %d non-2xx of %d; inbox rows %d\n",
                100 * g(f, "rps") / g(b, "rps"), g(f, "rps"), g(b, "rps"), g(f, "p99_ms"), g(f, "non2xx"), g(f, "requests"), rows
        }'
    kill "$daemon"; wait "$daemon" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------
make_bundle() {
    BUNDLE=$TMP/shop.flowb
    [ -f "$BUNDLE" ] || "$FLOWC" build "$ROOT/examples/shop" -o "$BUNDLE" >/dev/null
}

start() {
    echo "== start to ready: 100 bots as .flowb bundles (one bundle, 100 ids), $START_RUNS runs each"
    make_bundle
    local port; port=$(free_port)
    local fake_port; fake_port=$(free_port)
    write_config "$TMP/start.yaml" "$port" "$TMP/start/state/flowd.sqlite" "$fake_port" 100
    echo "   new store each run:      $(python3 "$HERE/ready_time.py" "$START_RUNS" "$FLOWC" "$TMP/start.yaml" "$port" "$TMP/start")"
    echo "   existing store:          $(python3 "$HERE/ready_time.py" "$START_RUNS" "$FLOWC" "$TMP/start.yaml" "$port")"
    write_config "$TMP/start1.yaml" "$port" "$TMP/start1/state/flowd.sqlite" "$fake_port" 1
    echo "   1 bot (folder, compiled): $(python3 "$HERE/ready_time.py" "$START_RUNS" "$FLOWC" "$TMP/start1.yaml" "$port")"
    echo "   goal < 100 ms with 100 bundles; seed promise < 50 ms"
}

# ---------------------------------------------------------------------------------------------
memory() {
    echo "== memory: 100 bots (bundles) and $CONVERSATIONS stored conversations"
    make_bundle
    local port fake_port; port=$(free_port); fake_port=$(free_port)
    start_bare "$fake_port"
    DB=$TMP/memory/state/flowd.sqlite
    write_config "$TMP/memory.yaml" "$port" "$DB" "$fake_port" 100

    # A real conversation to copy: one webhook through the daemon (its state, messages, bundle hash).
    "$FLOWC" serve --config "$TMP/memory.yaml" >"$TMP/memory-daemon.log" 2>&1 &
    local daemon=$!
    PIDS+=($daemon)
    wait_http "http://127.0.0.1:$port/readyz"
    python3 "$HERE/gen_webhooks.py" "$TMP/one" 1 1 1 "$SECRET" one 100
    IFS=$'\t' read -r bot sig body <"$TMP/one.0"
    curl -s -o /dev/null -H "X-Hub-Signature-256: $sig" -H 'Content-Type: application/json' --data-binary "$body" \
        "http://127.0.0.1:$port/webhooks/$bot/whatsapp_cloud"
    for _ in $(seq 1 100); do [ "$(sql 'SELECT count(*) FROM inbox WHERE processed_at IS NULL')" = 0 ] && break; sleep 0.1; done
    sleep 0.5
    kill "$daemon"; wait "$daemon" 2>/dev/null || true
    echo "   template conversation: $(sql "SELECT 'state ' || length(state) || ' bytes, ' || (SELECT count(*) FROM messages) || ' messages' FROM conversations")"

    # Seed: every conversation a copy of the real one (state blob, bundle hash, its messages),
    # contact 54911 + 8 digits, bot shop{i % 100}, as gen_webhooks.py addresses them.
    local t0; t0=$(date +%s)
    sqlite3 -batch "$DB" >/dev/null <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE tpl AS SELECT * FROM conversations LIMIT 1;
CREATE TEMP TABLE tplm AS SELECT * FROM messages WHERE conversation_id = (SELECT id FROM tpl);
DELETE FROM messages; DELETE FROM outbox; DELETE FROM timers; DELETE FROM events; DELETE FROM inbox; DELETE FROM conversations;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $CONVERSATIONS - 1)
INSERT INTO conversations(id, bot, contact, version, bundle_hash, status, state, updated_at)
SELECT i + 1, printf('shop%02d', i % 100), printf('54911%08d', i), t.version, t.bundle_hash, t.status, t.state, t.updated_at FROM n, tpl t;
INSERT INTO messages(conversation_id, direction, provider_message_id, body, status, created_at)
SELECT c.id, m.direction, CASE WHEN m.provider_message_id IS NULL THEN NULL ELSE m.provider_message_id || '.' || c.id END, m.body, m.status, m.created_at
FROM conversations c, tplm m ORDER BY c.id, m.id;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
EOF
    echo "   seeded in $(($(date +%s) - t0)) s: $(sql 'SELECT count(*) FROM conversations') conversations, $(sql 'SELECT count(*) FROM messages') messages, database $(du -m "$DB" | cut -f1) MiB"

    "$FLOWC" serve --config "$TMP/memory.yaml" >>"$TMP/memory-daemon.log" 2>&1 &
    daemon=$!
    PIDS+=($daemon)
    wait_http "http://127.0.0.1:$port/readyz"
    echo "   ready: RSS $(mib "$(kb "$daemon" VmRSS)") MiB"
    local count=$((10 * RATE_CAP))
    python3 "$HERE/gen_webhooks.py" "$TMP/mem" "$count" "$THREADS" "$CONVERSATIONS" "$SECRET" mem 100 random
    local result; result=$(run_wrk memory "http://127.0.0.1:$port/" "$TMP/mem" 10)
    echo "   10 s of webhooks to random stored conversations of the 100 bots: $result"
    for _ in $(seq 1 1800); do [ "$(sql 'SELECT count(*) FROM inbox WHERE processed_at IS NULL')" = 0 ] && break; sleep 0.1; done
    echo "   after the traffic and its turns: RSS $(mib "$(kb "$daemon" VmRSS)") MiB, peak (VmHWM) $(mib "$(kb "$daemon" VmHWM)") MiB;" \
        "$(sql "SELECT count(*) FROM inbox WHERE processed_at IS NOT NULL") turns run, $(sql 'SELECT count(*) FROM conversations') conversations"
    echo "   goal RSS < 64 MB; seed promise < 100 MB"
    kill "$daemon"; wait "$daemon" 2>/dev/null || true
}

build
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD)"
case "$PART" in
    speed) speed ;;
    start) start ;;
    memory) memory ;;
    floor) floor ;;
    all) speed; echo; start; echo; memory ;;
    *) echo "PART must be speed, start, memory, floor or all" >&2; exit 2 ;;
esac
