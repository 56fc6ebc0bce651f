package io.pigeonim.connector.downlink;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.push.PushResponse;

/** {@code POST /internal/v1/push}: message-service hands this instance frames for its connections. */
@RestController
public class PushController {

    private final PushDispatcher dispatcher;

    public PushController(PushDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The body is read with the wire-contract mapper, so frames decode exactly as on the wire. */
    @PostMapping(path = "/internal/v1/push", consumes = MediaType.APPLICATION_JSON_VALUE)
    public PushResponse push(@RequestBody byte[] body) {
        PushRequest request = PigeonJson.mapper().readValue(body, PushRequest.class);
        return new PushResponse(dispatcher.push(request));
    }
}
