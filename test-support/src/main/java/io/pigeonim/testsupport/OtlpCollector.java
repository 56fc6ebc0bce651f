package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in OpenTelemetry Collector: takes OTLP/HTTP protobuf exports ({@code POST /v1/traces}, as a service with
 * tracing on sends them) and decodes the spans, so that a test can check which service made which span in which trace.
 *
 * @implNote The protobuf wire format is read by hand (the few fields of {@code ExportTraceServiceRequest} a test
 *     needs): the exporter brings its own marshalling and no generated OTLP classes are on the test class path.
 */
public final class OtlpCollector implements AutoCloseable {

    /**
     * One exported span: ids in lower-case hex, {@code parentSpanId} empty for a root, the resource's service name,
     * OTLP's kind (1 internal, 2 server, 3 client, 4 producer, 5 consumer) and the names of its events.
     */
    public record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            int kind, List<String> events) {
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();

    public OtlpCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                spans.addAll(decode(body));
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The endpoint to give a service ({@code management.opentelemetry.tracing.export.otlp.endpoint}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Every span received so far. */
    public List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace received so far. */
    public List<ExportedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<ExportedSpan> decode(byte[] request) {
        List<ExportedSpan> out = new ArrayList<>();
        for (Field resourceSpans : Field.all(request, 0, request.length)) {
            if (resourceSpans.number != 1) {
                continue;
            }
            String service = "";
            List<Field> scopeSpans = new ArrayList<>();
            for (Field f : resourceSpans.children(request)) {
                if (f.number == 1) {
                    service = serviceName(request, f);
                } else if (f.number == 2) {
                    scopeSpans.add(f);
                }
            }
            for (Field scope : scopeSpans) {
                for (Field span : scope.children(request)) {
                    if (span.number == 2) {
                        out.add(span(request, span, service));
                    }
                }
            }
        }
        return out;
    }

    private static String serviceName(byte[] buf, Field resource) {
        for (Field attribute : resource.children(buf)) {
            if (attribute.number != 1) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : attribute.children(buf)) {
                if (kv.number == 1) {
                    key = kv.string(buf);
                } else if (kv.number == 2) {
                    for (Field any : kv.children(buf)) {
                        if (any.number == 1) {
                            value = any.string(buf);
                        }
                    }
                }
            }
            if ("service.name".equals(key)) {
                return value;
            }
        }
        return "";
    }

    private static ExportedSpan span(byte[] buf, Field span, String service) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        List<String> events = new ArrayList<>();
        for (Field f : span.children(buf)) {
            switch (f.number) {
                case 1 -> traceId = f.hex(buf);
                case 2 -> spanId = f.hex(buf);
                case 4 -> parent = f.hex(buf);
                case 5 -> name = f.string(buf);
                case 6 -> kind = (int) f.value;
                case 11 -> f.children(buf).stream().filter(e -> e.number == 2).forEach(e -> events.add(e.string(buf)));
                default -> {
                }
            }
        }
        return new ExportedSpan(service, traceId, spanId, parent, name, kind, List.copyOf(events));
    }

    /** One protobuf field: its number, and its varint value or the bounds of its bytes. */
    private record Field(int number, long value, int start, int end) {

        static List<Field> all(byte[] buf, int from, int to) {
            List<Field> fields = new ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                long tag = varint(buf, at);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, varint(buf, at), 0, 0));
                    case 1 -> at[0] += 8;
                    case 2 -> {
                        int length = (int) varint(buf, at);
                        fields.add(new Field(number, 0, at[0], at[0] + length));
                        at[0] += length;
                    }
                    case 5 -> at[0] += 4;
                    default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " at " + at[0]);
                }
            }
            return fields;
        }

        List<Field> children(byte[] buf) {
            return all(buf, start, end);
        }

        String string(byte[] buf) {
            return new String(buf, start, end - start, StandardCharsets.UTF_8);
        }

        String hex(byte[] buf) {
            return HexFormat.of().formatHex(buf, start, end);
        }

        private static long varint(byte[] buf, int[] at) {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[at[0]++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }
    }
}
