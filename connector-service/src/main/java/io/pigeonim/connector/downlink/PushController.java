package io.pigeonim.connector.downlink;

import java.util.concurrent.TimeUnit;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.push.PushResponse;

/** {@code POST /internal/v1/push}: message-service hands this instance frames for its connections. */
@RestController
public class PushController {

    private final PushDispatcher dispatcher;
    private final Timer handled;

    public PushController(PushDispatcher dispatcher, MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.handled = Timer.builder("pigeon.connector.push.handled")
                .description("Decoding one push request and queueing its frames on the connections")
                .publishPercentiles(0.5, 0.99, 0.999).register(meters);
    }

    /** The body is read with the wire-contract mapper, so frames decode exactly as on the wire. */
    @PostMapping(path = "/internal/v1/push", consumes = MediaType.APPLICATION_JSON_VALUE)
    public PushResponse push(@RequestBody byte[] body) {
        long started = System.nanoTime();
        PushRequest request = PigeonJson.mapper().readValue(body, PushRequest.class);
        PushResponse response = new PushResponse(dispatcher.push(request));
        handled.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return response;
    }
}
