package io.pigeonim.connector.ws;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Hides the client's {@code Sec-WebSocket-Extensions} from the upgrade, so that no connection negotiates
 * {@code permessage-deflate}: Tomcat would accept it from any browser that offers it (all do), and each such
 * connection then holds a zlib deflater and inflater of its own, about 300 KB of native memory by zlib's own
 * formula for its defaults, twenty times what an idle connection may cost (issue 18).
 *
 * @implNote Tomcat negotiates extensions from the request's header itself, whatever Spring's handshake handler
 *     selected, so the header has to go before the upgrade. Chat frames are a few hundred bytes: compressing them
 *     saves little bandwidth. The gateway's Netty server does not offer compression either, and it does not pass
 *     the header on, so the path through it is unchanged; this matters for devices that reach the connectors
 *     directly (ADR 0017).
 */
public final class CompressionRefusingFilter implements Filter {

    static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getHeader(EXTENSIONS) != null) {
            chain.doFilter(new WithoutExtensions(http), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class WithoutExtensions extends HttpServletRequestWrapper {

        WithoutExtensions(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !EXTENSIONS.equalsIgnoreCase(name)).toList());
        }
    }
}
