#!/usr/bin/env bash
# Builds the libFuzzer target fuzz/FuzzCheck.swift with ASan and runs it.
#
#   fuzz/run.sh [SECONDS]        (default 60)
#
# 1. SwiftPM builds FlowDiagnostics, FlowSyntax and FlowChecker (release, with fuzzer
#    coverage instrumentation and ASan) into .build-fuzz/.
# 2. swiftc links fuzz/FuzzCheck.swift against those objects, libFuzzer, ASan, -lyaml,
#    -lsqlite3 (the checker prepares queries against a bot's data file) and -lphonenumber
#    (the checker reads numbers as the runtime does, through FlowValidation).
# 3. The fuzzer runs for SECONDS over a seed corpus copied from flows/, examples/ and the
#    checker's test corpus into .build-fuzz/seeds (the repo's corpora are never written);
#    new inputs go to .build-fuzz/corpus, which later runs on this machine reuse.
#
# Exit 0 when the time ran out without a finding; non-zero on a crash, sanitizer report,
# timeout (>10 s for one input) or out-of-memory, with the input left in
# .build-fuzz/artifacts/ (crash-*, timeout-*, oom-*) and the log in .build-fuzz/fuzz.log.
# Environment: FUZZ_ARGS adds libFuzzer flags (e.g. FUZZ_ARGS=-seed=1).
set -euo pipefail

DURATION="${1:-60}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCRATCH="$ROOT/.build-fuzz"
BIN="$SCRATCH/release"
EXE="$SCRATCH/fuzz-check"

command -v pkg-config >/dev/null && pkg-config --exists yaml-0.1 || {
    echo "fuzz/run.sh: libyaml-dev is missing (apt-get install libyaml-dev pkg-config)" >&2
    exit 2
}

start=$(date +%s)
echo "== building the library modules with -sanitize=fuzzer,address"
# -sanitize=fuzzer on a compile-only build adds libFuzzer's coverage instrumentation
# (swiftc has no fuzzer-no-link; the objects are linked below). --target builds objects
# only, so ArgumentParser and the flowc executable are not built.
swift build -c release --scratch-path "$SCRATCH" --target FlowChecker \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -g

echo "== linking $EXE"
# Every object the build above produced: FlowChecker and the library modules it depends on
# (only that closure is ever built in this scratch path; tests and executables are skipped).
objects=()
for dir in "$BIN"/*.build; do
    case "$(basename "$dir" .build)" in *Tests | flowc | *-tool) continue ;; esac
    for o in "$dir"/*.o; do [ -e "$o" ] && objects+=("$o"); done
done
modules="$BIN/Modules"
[ -d "$modules" ] || modules="$BIN"
# CPhoneNumber (a C++ target) has the module map SwiftPM wrote for it in its build folder.
phone_map=()
[ -f "$BIN/CPhoneNumber.build/module.modulemap" ] && \
    phone_map=(-Xcc "-fmodule-map-file=$BIN/CPhoneNumber.build/module.modulemap" -I "$ROOT/Sources/CPhoneNumber/include")
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    -module-name FuzzCheck \
    -I "$modules" -I "$ROOT/Sources/CYAML" -I "$ROOT/Sources/CSQLite" "${phone_map[@]}" \
    "$ROOT/fuzz/FuzzCheck.swift" "${objects[@]}" \
    $(pkg-config --libs-only-L yaml-0.1) -lyaml -lsqlite3 -lphonenumber -lstdc++ \
    -o "$EXE" 2> >(grep -v -e 'warning: .*asan' -e '^$' >&2 || true)
echo "   built in $(( $(date +%s) - start )) s"

echo "== seed corpus"
SEEDS="$SCRATCH/seeds"
rm -rf "$SEEDS"
mkdir -p "$SEEDS" "$SCRATCH/corpus" "$SCRATCH/artifacts"
n=0
while IFS= read -r -d '' f; do
    # Flattened names keep files of the same name apart (bot.yaml, flows/main.yaml, ...).
    cp "$f" "$SEEDS/$(echo "${f#./}" | tr '/' '_')" 2>/dev/null || continue
    n=$((n + 1))
done < <(find flows examples Tests/FlowCheckerTests/Corpus \( -name '*.yaml' -o -name '*.yml' \) -type f -print0 2>/dev/null)
# A few bare expressions and templates for the expression half of the target.
printf '%s' 'qty > 0 and name != "" or not ok'                 > "$SEEDS/expr_1"
printf '%s' 'len(items) >= 2 and order.id ?? "x" in ["a", "b"]' > "$SEEDS/expr_2"
printf '%s' 'Hola {{contact.name}}, total {{money(qty * 2.5, "ARS")}} {{date_add(today(), 3, "days")}}' > "$SEEDS/expr_3"
printf '%s' '{{ matches(name, "[a-z]+") && upper(trim(name)) == "A" }}' > "$SEEDS/expr_4"
echo "   $n YAML files + 4 expressions"

echo "== fuzzing for $DURATION s"
LOG="$SCRATCH/fuzz.log"
set +e
# detect_leaks=0: Swift's runtime caches (metadata, interned strings) look like leaks to
# LSan at exit; memory errors are what ASan is here for.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" \
"$EXE" \
    -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -max_total_time="$DURATION" \
    -dict="$ROOT/fuzz/flowc.dict" \
    -artifact_prefix="$SCRATCH/artifacts/" \
    -print_final_stats=1 \
    ${FUZZ_ARGS:-} \
    "$SCRATCH/corpus" "$SEEDS" 2>&1 | tee "$LOG" \
    | awk '/^#[0-9]+[ \t]+(NEW|REDUCE|pulse)/ || /^\tNEW_FUNC/ { next }
           /Recommended dictionary/ { skip = 1 }
           !skip { print }
           /End of recommended dictionary/ { skip = 0 }'
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
    echo "fuzz/run.sh: the fuzzer stopped with exit code $rc; see $LOG" >&2
    ls -1t "$SCRATCH"/artifacts/ 2>/dev/null | head -5 | sed 's/^/  .build-fuzz\/artifacts\//' >&2
    echo "reproduce: ASAN_OPTIONS=detect_leaks=0 $EXE .build-fuzz/artifacts/<input>" >&2
    exit "$rc"
fi
echo "fuzz/run.sh: no crash in $DURATION s ($(( $(date +%s) - start )) s in all)"
