package io.pigeonim.connector.session;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/** Connections over an open session double that decodes every frame written to it, for unit tests. */
public final class TestConnections {

    private TestConnections() {
    }

    /** An open session whose written frames are decoded into {@code written}. */
    public static WebSocketSession recordingSession(List<ServerFrame> written) throws Exception {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.isOpen()).thenReturn(true);
        doAnswer(inv -> written.add(FrameCodec.decodeServer(((TextMessage) inv.getArgument(0)).getPayload())))
                .when(session).sendMessage(any());
        return session;
    }

    /** A connection of ({@code uid}, d1) with small limits: 4 in flight, 4 waiting. */
    public static Connection connection(String uid, WebSocketSession session) {
        return new Connection(1, uid, "d1", session, 1 << 20, 0);
    }
}
