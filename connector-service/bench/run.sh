#!/usr/bin/env bash
# connector-service benchmarks (issues 3 and 5). Each starts what it needs on free ports: connector-service
# instances as separate JVMs from the built jar, a real Kafka broker (in-process KRaft) and, for push, a
# message-service stand-in for acks; connectors use the local Redis (127.0.0.1:6379) with unique keys only.
#   uplink  sends/s answered by send_ack, 1 and 100 pipelined connections, next to a raw KafkaProducer
#   push    messages/s delivered and push-hop latency, 1 and 2 instances, next to bare POSTs and pings
#   idle    heap and RSS per idle connection with 10,000 connections, next to the JDK client's own cost
# Usage (from the repository root): connector-service/bench/run.sh <uplink|push|idle> [-Dbench.seconds=…] […]
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in
  uplink) main=UplinkBench; heap=1g ;;
  push) main=PushBench; heap=1g ;;
  idle) main=IdleConnectionsBench; heap=1536m ;;
  *) echo "usage: $0 <uplink|push|idle> [-Dbench.name=value ...]" >&2; exit 2 ;;
esac
shift
# 10,000 connections need 10,000 descriptors in this JVM and in the connector's
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
./mvnw -B -q -pl connector-service -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="connector-service/target/classes:connector-service/target/test-classes:$(cat connector-service/target/bench.classpath)"
exec java -Xmx"$heap" -Dlogback.configurationFile=connector-service/bench/logback.xml "$@" -cp "$cp" "io.pigeonim.connector.bench.$main"
