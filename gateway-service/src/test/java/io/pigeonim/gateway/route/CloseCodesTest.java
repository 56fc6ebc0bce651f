package io.pigeonim.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;

class CloseCodesTest {

    @Test
    void serviceRestartAndApplicationCodesPassUnchanged() {
        for (int code : new int[] {1000, 1001, 1008, 1009, 1011, 1012, 1013, 4000}) {
            CloseStatus status = new CloseStatus(code, "why");

            assertThat(CloseCodes.forward(status, CloseStatus.SERVER_ERROR)).isEqualTo(status);
        }
    }

    @Test
    void noStatusBecomesNormalAndAbnormalClosureTheFallback() {
        assertThat(CloseCodes.forward(CloseStatus.NO_STATUS_CODE, CloseStatus.SERVER_ERROR)).isEqualTo(CloseStatus.NORMAL);
        assertThat(CloseCodes.forward(CloseStatus.NO_CLOSE_FRAME, CloseStatus.SERVER_ERROR))
                .isEqualTo(CloseStatus.SERVER_ERROR);
        assertThat(CloseCodes.forward(CloseStatus.NO_CLOSE_FRAME, CloseStatus.GOING_AWAY))
                .isEqualTo(CloseStatus.GOING_AWAY);
    }
}
