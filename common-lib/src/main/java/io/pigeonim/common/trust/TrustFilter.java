package io.pigeonim.common.trust;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trace.LogContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The trust boundary of every servlet service: {@code /internal/**} answers only a valid service credential, every
 * other path (the public API, the connector's {@code /ws} upgrade) only a valid gateway identity assertion; open
 * paths (management, API documents) pass. Refusals are 401 problem+json {@code UNAUTHORIZED}, a path with tricks
 * 400 {@code BAD_REQUEST}, an internal body over the limit 413 {@code BAD_REQUEST}.
 *
 * @implNote A plain servlet {@link Filter} (each service registers it first), not Spring Security: one small
 *     class every service shares, with nothing to configure per endpoint, so an endpoint added later is protected
 *     by default. The internal body is read once here (bounded) because the credential covers its SHA-256; the
 *     controller then reads the cached copy.
 */
public final class TrustFilter implements Filter {

    /** The largest internal request body read (an ack batch of a busy connector stays far below). */
    public static final int DEFAULT_MAX_INTERNAL_BODY = 4 * 1024 * 1024;
    private static final String INTERNAL = "/internal/";

    private final RequestVerifier verifier;
    private final List<String> openPaths;
    private final int maxInternalBody;

    /**
     * @param openPaths path prefixes that need no credential (for instance {@code /actuator})
     */
    public TrustFilter(RequestVerifier verifier, List<String> openPaths, int maxInternalBody) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.openPaths = List.copyOf(openPaths);
        this.maxInternalBody = maxInternalBody;
    }

    /** The filter of a service: {@code /actuator}, {@code /error} and {@code extraOpenPaths} open, the rest checked. */
    public static TrustFilter of(ServiceTrust trust, String... extraOpenPaths) {
        List<String> open = new ArrayList<>(List.of("/actuator", "/error"));
        open.addAll(List.of(extraOpenPaths));
        return new TrustFilter(trust.verifier(), open, DEFAULT_MAX_INTERNAL_BODY);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String rawPath = request.getRequestURI();
        if (!PathRules.isPlain(rawPath)) {
            refuse(response, 400, "BAD_REQUEST", "path: not a plain path (expected: no '..', '.', '//', ';', encoded "
                    + "dots or slashes)");
            return;
        }
        String path = decodedPath(request);
        if (isOpen(path)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            if (path.startsWith(INTERNAL)) {
                byte[] body = readBody(request);
                if (body == null) {
                    refuse(response, 413, "BAD_REQUEST", "body: over " + maxInternalBody + " bytes");
                    return;
                }
                verifier.verifyService(request.getHeader(IdentityHeaders.SERVICE), request.getMethod(), rawPath, body);
                chain.doFilter(new CachedBodyRequest(request, body), response);
                return;
            }
            verifier.verifyIdentity(request.getHeader(IdentityHeaders.UID), request.getHeader(IdentityHeaders.DEVICE_ID),
                    request.getHeader(IdentityHeaders.ASSERTION), request.getMethod(), rawPath);
        } catch (TrustException refused) {
            refuse(response, 401, "UNAUTHORIZED", refused.getMessage());
            return;
        }
        // the verified caller names the request's log lines (docs/operations.md, Logs)
        LogContext.device(request.getHeader(IdentityHeaders.UID), request.getHeader(IdentityHeaders.DEVICE_ID));
        try {
            chain.doFilter(request, response);
        } finally {
            LogContext.clear();
        }
    }

    private boolean isOpen(String path) {
        for (String open : openPaths) {
            if (path.equals(open) || path.startsWith(open.endsWith("/") ? open : open + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String decodedPath(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? request.getRequestURI() : path;
    }

    /** The body, or {@code null} when it is larger than allowed. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxInternalBody) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxInternalBody + 1);
            return body.length > maxInternalBody ? null : body;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String code, String detail) throws IOException {
        ProblemResponses.write(response, status, code, detail);
    }
}
