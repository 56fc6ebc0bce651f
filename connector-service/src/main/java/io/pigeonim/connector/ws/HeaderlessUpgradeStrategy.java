package io.pigeonim.connector.ws;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Spring's standard upgrade, except that the WebSocket session it creates keeps no copy of the handshake's headers:
 * nothing reads them after the handshake ({@code IdentityHandshakeInterceptor} has put the user and the device in
 * the session's attributes by then), and the copy lasts as long as the connection (issue 18).
 *
 * @implNote Spring copies {@code request.getHeaders()} into the session and hands Tomcat the servlet request, so
 *     a request whose headers read empty while its servlet request is the real one keeps Tomcat's handshake whole.
 */
public final class HeaderlessUpgradeStrategy implements RequestUpgradeStrategy {

    private final StandardWebSocketUpgradeStrategy standard = new StandardWebSocketUpgradeStrategy();

    @Override
    public String[] getSupportedVersions() {
        return standard.getSupportedVersions();
    }

    @Override
    public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
        return standard.getSupportedExtensions(request);
    }

    @Override
    public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String selectedProtocol,
            List<WebSocketExtension> selectedExtensions, Principal user, WebSocketHandler wsHandler,
            Map<String, Object> attributes) throws HandshakeFailureException {
        ServerHttpRequest upgraded = request instanceof ServletServerHttpRequest servlet
                ? new WithoutHeaders(servlet) : request;
        standard.upgrade(upgraded, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
    }

    private static final class WithoutHeaders extends ServletServerHttpRequest {

        WithoutHeaders(ServletServerHttpRequest request) {
            super(request.getServletRequest());
        }

        @Override
        public HttpHeaders getHeaders() {
            return HttpHeaders.EMPTY;
        }
    }
}
