package io.pigeonim.seq.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pigeonim.seq.SeqClient;
import io.pigeonim.seq.SeqInstance;
import io.pigeonim.seq.allocation.SeqAllocator;
import io.pigeonim.testsupport.PrivateRedis;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;

/**
 * Measures seqs/s of seq-service (over HTTP and in-process) for single and batched calls, and raw
 * {@code redis-benchmark -t incr} against the same private redis-server, in the same run.
 * Run with {@code seq-service/bench/run.sh}; prints a Markdown table.
 */
public final class SeqAllocationBench {

    private static final long SECONDS = Long.getLong("bench.seconds", 5);
    private static final int THREADS = Integer.getInteger("bench.threads", 16);

    private SeqAllocationBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PrivateRedis redis = PrivateRedis.start()) {
            TestDatabase db = TestInfra.freshDatabase("seq_bench");
            try (SeqInstance seq = SeqInstance.start(Map.of(
                    "spring.datasource.url", db.jdbcUrl(),
                    "spring.datasource.username", db.username(),
                    "spring.datasource.password", db.password(),
                    "spring.data.redis.host", redis.host(),
                    "spring.data.redis.port", Integer.toString(redis.port()),
                    "logging.level.root", "WARN"))) {
                SeqClient client = new SeqClient();
                SeqAllocator allocator = seq.bean(SeqAllocator.class);
                String url = seq.baseUrl();

                String[] single = bodies(THREADS, t -> Map.of("g:single-" + t, 1));
                String[] batch1000x1 = bodies(4, t -> batch(t, 1000, 1));
                String[] batch100x10 = bodies(4, t -> batch(t, 100, 10));

                double raw = rawIncr(redis.port(), 50, 1);
                double rawPipelined = rawIncr(redis.port(), 50, 16);
                rows.add(row("raw `redis-benchmark -t incr -c 50` (1 INCR per round trip)", raw, raw));
                rows.add(row("raw `redis-benchmark -t incr -c 50 -P 16` (pipelined)", rawPipelined, raw));

                for (int t = 0; t < THREADS; t++) {
                    SeqClient.Answer first = client.post(url, single[t]);
                    if (!first.ok()) {
                        throw new IllegalStateException("seq-service answered " + first.status() + " " + first.body());
                    }
                }
                run(THREADS, 1, t -> check(client.postStatusOnly(url, single[t])), 2); // warm-up
                rows.add(row("HTTP, single: 1 conversation x 1 seq per call, " + THREADS + " threads",
                        run(THREADS, 1, t -> check(client.postStatusOnly(url, single[t])), SECONDS), raw));
                run(4, 1000, t -> check(client.postStatusOnly(url, batch1000x1[t])), 2);
                rows.add(row("HTTP, batched: 1000 conversations x 1 seq per call, 4 threads",
                        run(4, 1000, t -> check(client.postStatusOnly(url, batch1000x1[t])), SECONDS), raw));
                rows.add(row("HTTP, batched: 100 conversations x 10 seqs per call, 4 threads",
                        run(4, 1000, t -> check(client.postStatusOnly(url, batch100x10[t])), SECONDS), raw));
                List<List<SeqAllocator.Want>> inProcess = List.of(wants(batch(0, 1000, 1)), wants(batch(1, 1000, 1)),
                        wants(batch(2, 1000, 1)), wants(batch(3, 1000, 1)));
                rows.add(row("in-process allocator (no HTTP/JSON), batched: 1000 conversations x 1 seq, 4 threads",
                        run(4, 1000, t -> allocator.allocate(inProcess.get(t)), SECONDS), raw));
                rows.add(row("in-process allocator (no HTTP/JSON), single: 1 conversation x 1 seq, " + THREADS + " threads",
                        run(THREADS, 1, t -> allocator.allocate(List.of(new SeqAllocator.Want("g:single-" + t, 1))),
                                SECONDS), raw));
            }
        }
        System.out.println();
        System.out.println("| what | seqs/s | raw INCR/s ÷ this |");
        System.out.println("|---|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static String[] bodies(int threads, IntFunction<Map<String, Integer>> batch) {
        String[] bodies = new String[threads];
        for (int t = 0; t < threads; t++) {
            bodies[t] = SeqClient.body(batch.apply(t));
        }
        return bodies;
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("seq-service answered " + status);
        }
    }

    private static Map<String, Integer> batch(int thread, int size, int count) {
        Map<String, Integer> batch = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            batch.put("g:b" + size + "-" + thread + "-" + i, count);
        }
        return batch;
    }

    private static List<SeqAllocator.Want> wants(Map<String, Integer> batch) {
        List<SeqAllocator.Want> wants = new ArrayList<>();
        batch.forEach((id, n) -> wants.add(new SeqAllocator.Want(id, n)));
        return wants;
    }

    /** Calls {@code call} from {@code threads} threads for {@code seconds}; returns seqs/s ({@code seqsPerCall} each). */
    private static double run(int threads, int seqsPerCall, java.util.function.IntConsumer call, long seconds)
            throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                while (System.nanoTime() < end) {
                    call.accept(id);
                    calls.incrementAndGet();
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return calls.get() * (double) seqsPerCall / elapsed;
    }

    private static double rawIncr(int port, int clients, int pipeline) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-t", "incr", "-n", "500000", "-c", Integer.toString(clients), "-P", Integer.toString(pipeline), "-q")
                .redirectErrorStream(true).start();
        String out;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", in.lines().toList());
        }
        p.waitFor();
        Matcher m = Pattern.compile("INCR: ([0-9.]+) requests per second").matcher(out.replace('\r', '\n'));
        double last = -1;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        if (last < 0) {
            throw new IllegalStateException("cannot read redis-benchmark output: " + out);
        }
        return last;
    }

    private static String row(String what, double seqsPerSecond, double rawIncr) {
        return String.format("| %s | %,.0f | %.2f |", what, seqsPerSecond, rawIncr / seqsPerSecond);
    }
}
