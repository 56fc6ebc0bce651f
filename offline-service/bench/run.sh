#!/usr/bin/env bash
# offline-service benchmark: a device with 10,000 offline messages across 200 conversations syncs in pages of 200.
# Seeds a fresh database on the local MySQL (127.0.0.1:3306; about 1,010,000 rows, ~30 s), starts offline-service
# and a message-service stand-in in this JVM, prints the results table and the EXPLAIN plans.
# Usage (from the repository root): offline-service/bench/run.sh [-Dbench.noise=1000000] [-Dbench.limit=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl offline-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="offline-service/target/classes:offline-service/target/test-classes:$(cat offline-service/target/bench.classpath)"
exec java -Xmx1g "$@" -cp "$cp" io.pigeonim.offline.bench.OfflineSyncBench
