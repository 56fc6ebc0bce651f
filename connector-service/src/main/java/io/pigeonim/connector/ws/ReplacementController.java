package io.pigeonim.connector.ws;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.connector.route.ReplacementNotifier;

/**
 * {@code POST /internal/v1/connections/replaced}: another connector instance took over a device's route;
 * the older connection here closes with 1000 "replaced" (see {@link ReplacementNotifier}). 204 either way.
 */
@RestController
public class ReplacementController {

    private final ConnectionRoutes routes;

    public ReplacementController(ConnectionRoutes routes) {
        this.routes = routes;
    }

    @PostMapping(path = "/internal/v1/connections/replaced", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Void> replaced(@RequestBody byte[] body) {
        ReplacementNotifier.Notice notice = PigeonJson.mapper().readValue(body, ReplacementNotifier.Notice.class);
        if (!Ids.isUid(notice.uid()) || !Ids.isDeviceId(notice.deviceId())) {
            return ResponseEntity.badRequest().build();
        }
        routes.replacedElsewhere(notice.uid(), notice.deviceId());
        return ResponseEntity.noContent().build();
    }
}
