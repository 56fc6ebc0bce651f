#!/usr/bin/env bash
# The end-to-end benchmark (issue 11) against a running system (./pigeon up): one-to-one pairs and groups through
# the gateway at fixed open-loop rates, a saturation search, a checker of every message, resources of every stack
# process, and raw Kafka / MySQL / Redis / WebSocket baselines at the same rates. See bench/README.md.
# Usage (from the repository root): bench/run.sh [--name value ...]     (bench/run.sh --help lists the options)
#        bench/run.sh --program connections [--name value ...]       (idle devices through the front door, issue 18)
#        bench/run.sh --program chaos [--name value ...]             (kill -9 each process under load, issue 13)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench.classpath)"
main=io.pigeonim.bench.E2eBench
if [[ "${1:-}" == "--program" ]]; then
  case "${2:-}" in
    connections) main=io.pigeonim.bench.connections.ConnectionsBench ;;
    chaos) main=io.pigeonim.bench.chaos.ChaosRun ;;
    *) echo "bench/run.sh: --program ${2:-} (expected: connections or chaos)" >&2; exit 2 ;;
  esac
  shift 2
fi
# 18,000 idle JDK WebSockets in one process (connections --client jdk) take more than a gigabyte
exec java -Xmx"${BENCH_HEAP:-3g}" -Djava.awt.headless=true -cp "$cp" "$main" "$@"
