#!/usr/bin/env bash
# Groups benchmark (issue 7): a 500-member group, 100 members online on 2 connector instances, 20 messages/s;
# push rate and latency, cursor writes/s with ack batching on (100 ms) and off (0), member cache memory.
# Real Kafka (in-process KRaft), a fresh database on the local MySQL (127.0.0.1:3306), the local Redis.
# Usage (from the repository root): message-service/bench/run.sh [-Dbench.seconds=30] [-Dbench.rate=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl message-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="message-service/target/classes:message-service/target/test-classes:$(cat message-service/target/bench.classpath)"
exec java -Xmx1g "$@" -cp "$cp" io.pigeonim.message.bench.GroupFanoutBench
