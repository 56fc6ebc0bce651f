package io.pigeonim.connector.ws;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.CloseCode;

/**
 * Counts closed WebSocket connections by close code ({@code pigeon.connector.closes}, tag {@code code}), whoever
 * closed them: a rollout shows as 1012, a broker outage as 1013, clients leaving as 1000/1001, dropped networks
 * as 1006.
 *
 * @implNote Codes outside Pigeon's own and the common transport ones are counted as {@code other}: a client may
 *     send any code from 3000 to 4999, and a tag value per code would let clients grow the meter set.
 */
public final class CloseCounter {

    /** Going away (a browser tab closed) and abnormal closure (no close frame: the network dropped). */
    private static final int[] TRANSPORT_CODES = {1001, 1006};

    private final Map<Integer, Counter> byCode;
    private final Counter other;

    public CloseCounter(MeterRegistry meters) {
        IntStream codes = IntStream.concat(IntStream.of(TRANSPORT_CODES),
                Arrays.stream(CloseCode.values()).mapToInt(CloseCode::code));
        this.byCode = codes.boxed().distinct().collect(Collectors.toUnmodifiableMap(Function.identity(),
                code -> counter(meters, Integer.toString(code))));
        this.other = counter(meters, "other");
    }

    /** Counts one closed connection. */
    void closed(int code) {
        byCode.getOrDefault(code, other).increment();
    }

    private static Counter counter(MeterRegistry meters, String code) {
        return Counter.builder("pigeon.connector.closes").description("WebSocket connections closed, by close code")
                .tag("code", code).register(meters);
    }
}
