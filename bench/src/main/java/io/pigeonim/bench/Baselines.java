package io.pigeonim.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.pigeonim.bench.baseline.Baseline;
import io.pigeonim.bench.baseline.BaselineResult;
import io.pigeonim.bench.baseline.BaselineRunner;
import io.pigeonim.bench.baseline.EchoBaseline;
import io.pigeonim.bench.baseline.KafkaBaseline;
import io.pigeonim.bench.baseline.MysqlBaseline;
import io.pigeonim.bench.baseline.RedisBaseline;
import io.pigeonim.bench.config.BenchOptions;
import io.pigeonim.bench.stats.Percentiles;

/** Runs each baseline at each of the run's rates; one that cannot start is reported as failed, not fatal. */
final class Baselines {

    private interface Factory {
        Baseline open() throws Exception;
    }

    private final BenchOptions options;
    private final String runId;
    private final String content;
    private final List<HttpClient> clients;

    Baselines(BenchOptions options, String runId, String content, List<HttpClient> clients) {
        this.options = options;
        this.runId = runId;
        this.content = content;
        this.clients = clients;
    }

    List<BaselineResult> runAll() throws InterruptedException {
        List<BaselineResult> results = new ArrayList<>();
        run("kafka", () -> new KafkaBaseline(options.kafka(), runId, content), results);
        run("mysql", () -> new MysqlBaseline(options.mysqlUrl(), options.mysqlUser(), options.mysqlPassword(), runId,
                content), results);
        run("redis", () -> new RedisBaseline(options.redis(), runId), results);
        run("websocket", () -> new EchoBaseline(clients, options.pairs(), runId, content), results);
        return results;
    }

    private void run(String name, Factory factory, List<BaselineResult> results) throws InterruptedException {
        Baseline baseline;
        try {
            baseline = factory.open();
        } catch (Exception e) {
            E2eBench.log("baseline " + name + " could not start: " + e);
            results.add(new BaselineResult(name, "could not start", Double.NaN, 0, 0, 0, String.valueOf(e),
                    Percentiles.EMPTY));
            return;
        }
        try (baseline) {
            for (double rate : options.rates()) {
                BaselineResult r = BaselineRunner.run(baseline, rate, options.baselineWarmup(),
                        options.baselineDuration(), options.drain());
                E2eBench.log(String.format(Locale.ROOT, "baseline %s at %.0f/s: p50/p99/p99.9 %.2f/%.2f/%.2f ms,"
                        + " %d completed, %d failed", name, rate, r.latency().p50(), r.latency().p99(),
                        r.latency().p999(), r.completed(), r.failed()));
                results.add(r);
            }
        }
    }
}
