package io.pigeonim.common.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * An RFC 9457 problem written straight to a servlet response, for the filters that refuse a request before any
 * controller (and its {@code ProblemAdvice}) sees it: the trust filter, and a connector's token check on upgrades.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** {@code {"type":"about:blank","title":…,"status":…,"detail":…,"code":…}} as {@code application/problem+json}. */
    public static void write(HttpServletResponse response, int status, String code, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
        String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\",\"code\":\"" + code + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
