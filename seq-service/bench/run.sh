#!/usr/bin/env bash
# seq-service benchmark: allocations/s next to raw `redis-benchmark -t incr` on the same machine, same run.
# Uses a private redis-server on a free port and a fresh database on the local MySQL (127.0.0.1:3306).
# Usage (from the repository root): seq-service/bench/run.sh [-Dbench.seconds=5] [-Dbench.threads=16]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl seq-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="seq-service/target/classes:seq-service/target/test-classes:$(cat seq-service/target/bench.classpath)"
exec java -Xmx1g "$@" -cp "$cp" io.pigeonim.seq.bench.SeqAllocationBench
