package io.pigeonim.connector.ws;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.pigeonim.common.identity.IdentityHeaders;

/**
 * Shows the upgrade of {@code /ws} only the headers a handshake needs: the WebSocket ones, {@code Host},
 * {@code Origin}, and the user and device the gateway vouched for. Tomcat keeps a copy of the upgrade's headers for
 * as long as the connection lives, so everything else a device or the gateway sent (user agent, cookies, languages,
 * forwarding headers, the signed assertion, already checked by the trust filter before this one) would cost memory
 * on every idle connection (issue 18).
 *
 * <p>The query is hidden too: the only one a client may send is {@code ?token=} (PROTOCOL.md §1), which
 * {@link TokenUpgradeFilter} has read before; Tomcat would keep the query and its parameter map for the
 * connection's life as well, and a token kept around is a token that can leak from a heap dump.
 *
 * <p>{@code Sec-WebSocket-Extensions} is not among them, so that no connection negotiates
 * {@code permessage-deflate}: Tomcat would accept it from any browser that offers it (all do), and each such
 * connection then holds a zlib deflater and inflater of its own, about 300 KB of native memory by zlib's own
 * formula for its defaults, twenty times what an idle connection may cost.
 *
 * @implNote Tomcat negotiates extensions from the request's header itself, whatever Spring's handshake handler
 *     selected, so the header has to go before the upgrade. Chat frames are a few hundred bytes: compressing them
 *     saves little bandwidth. The gateway's Netty server does not offer compression either, and it does not pass
 *     the header on, so the path through it is unchanged; this matters for devices that reach the connectors
 *     directly (ADR 0017). Spring's own copy of the headers is left out by {@link HeaderlessUpgradeStrategy}.
 */
public final class HandshakeHeadersFilter implements Filter {

    static final String EXTENSIONS = "Sec-WebSocket-Extensions";
    /** Case-insensitive: header names are. */
    static final Set<String> KEPT = names("Host", "Upgrade", "Connection", "Origin", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", IdentityHeaders.UID, IdentityHeaders.DEVICE_ID);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new HandshakeHeaders(http) : request, response);
    }

    private static Set<String> names(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    private static final class HandshakeHeaders extends HttpServletRequestWrapper {

        HandshakeHeaders(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return KEPT.contains(name) ? super.getHeader(name) : null;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return KEPT.contains(name) ? super.getHeaders(name) : Collections.emptyEnumeration();
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(KEPT::contains).toList());
        }

        @Override
        public long getDateHeader(String name) {
            return KEPT.contains(name) ? super.getDateHeader(name) : -1;
        }

        @Override
        public int getIntHeader(String name) {
            return KEPT.contains(name) ? super.getIntHeader(name) : -1;
        }

        @Override
        public String getQueryString() {
            return null;
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }
}
