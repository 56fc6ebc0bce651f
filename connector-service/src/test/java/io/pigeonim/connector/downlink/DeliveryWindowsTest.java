package io.pigeonim.connector.downlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketSession;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.connector.session.Connection;

class DeliveryWindowsTest {

    private final DeliveryWindows windows = new DeliveryWindows(4, 4);

    @Test
    void aWindowIsMadeOnTheFirstPushAndForgottenWhenItsConnectionCloses() {
        Connection idle = connection(true);
        Connection pushed = connection(true);
        assertThat(windows.existing(idle)).as("an idle device has no window").isNull();

        DeliveryWindow window = windows.of(pushed);
        window.admit(new StoredMessage("m1", "p:alice:bob", 1, "alice", "c1", "text", "x", 1).frame(), 0, 5_000);
        assertThat(windows.of(pushed)).isSameAs(window);
        assertThat(windows.size()).isEqualTo(1);

        windows.closed(pushed);
        assertThat(windows.existing(pushed)).isNull();
        assertThat(window.size()).as("nothing left to resend").isZero();
        assertThat(windows.size()).isZero();
    }

    @Test
    void aPushToAConnectionAlreadyClosedLeavesNoWindowBehind() {
        Connection closed = connection(false);
        windows.closed(closed); // the close's clean-up ran before the push

        assertThat(windows.of(closed)).isNull();
        assertThat(windows.size()).isZero();
    }

    private static Connection connection(boolean open) {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.isOpen()).thenReturn(open);
        return new Connection(1, "bob", "d1", session, 1 << 20, 0);
    }
}
