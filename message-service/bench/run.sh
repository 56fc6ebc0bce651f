#!/usr/bin/env bash
# message-service benchmarks. Usage (from the repository root):
#   message-service/bench/run.sh [groups] [-Dbench.seconds=30] [-Dbench.rate=20]
#     Groups benchmark (issue 7): a 500-member group, 100 members online on 2 connector instances, 20 messages/s;
#     push rate and latency, cursor writes/s with ack batching on (100 ms) and off (0), member cache memory.
#   message-service/bench/run.sh latency [-Dbench.rate=5] [-Dbench.seconds=20] [-Dbench.jfr=/tmp/x.jfr]
#     Uplink latency (issue 11): broker ack -> push received, CPU per message, per-hop timers of a message-service
#     running in a JVM of its own.
#   message-service/bench/run.sh sql [-Dbench.seconds=2] [-Dbench.rounds=5]
#     CPU of building a store statement (issue 11): MyBatis's stock XML driver against store/CachingXmlLanguageDriver.
# Real Kafka (in-process KRaft), a fresh database on the local MySQL (127.0.0.1:3306), the local Redis.
set -euo pipefail
cd "$(dirname "$0")/../.."
main=io.pigeonim.message.bench.GroupFanoutBench
case "${1:-}" in
  groups) shift ;;
  latency) main=io.pigeonim.message.bench.UplinkLatencyBench; shift ;;
  sql) main=io.pigeonim.message.bench.StatementShapeBench; shift ;;
esac
./mvnw -B -q -pl message-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="message-service/target/classes:message-service/target/test-classes:$(cat message-service/target/bench.classpath)"
exec java -Xmx1g "$@" -cp "$cp" "$main"
