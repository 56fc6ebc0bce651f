package io.pigeonim.gateway.site;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * The static part of the public port: the OpenAPI document and pigeon.js always; the demo chat page at {@code /}
 * and the API viewer only where the demo is enabled (the local run).
 *
 * @implNote Router functions on fixed paths, not Boot's static-resource handler on {@code /**}: that one would
 *     look up every unrouted API path on the classpath first, and its paths would have to be opened to
 *     anonymous callers one by one anyway ({@link #PUBLIC_PATHS}).
 */
public final class SiteRoutes {

    /** The one OpenAPI document of the REST API (PROTOCOL.md §6). */
    public static final String OPENAPI_PATH = "/api/v1/openapi.json";
    /** Path patterns served without a token (the token filter lets them through). */
    public static final List<String> PUBLIC_PATHS = List.of(OPENAPI_PATH, "/api/v1/openapi/ui", "/api/v1/openapi/ui/**",
            "/pigeon.js", "/pigeon.d.ts", "/", "/demo/**");

    private static final String SWAGGER_UI = "org.webjars/swagger-ui";
    private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final MediaType TYPESCRIPT = MediaType.parseMediaType("application/typescript;charset=UTF-8");

    private SiteRoutes() {
    }

    /** The OpenAPI document and pigeon.js (with its type declarations). */
    public static RouterFunction<ServerResponse> api() {
        return RouterFunctions.route(GET(OPENAPI_PATH), request -> file("openapi/openapi.json", MediaType.APPLICATION_JSON))
                .andRoute(GET("/pigeon.js"), request -> file("META-INF/pigeon/pigeon.js", JAVASCRIPT))
                .andRoute(GET("/pigeon.d.ts"), request -> file("META-INF/pigeon/pigeon.d.ts", TYPESCRIPT));
    }

    /** The demo chat page at {@code /} and the API viewer at {@code /api/v1/openapi/ui/}. */
    public static RouterFunction<ServerResponse> demo() {
        return RouterFunctions.route(GET("/"), request -> file("demo/index.html", MediaType.TEXT_HTML))
                .andRoute(GET("/api/v1/openapi/ui"), request -> file("viewer/index.html", MediaType.TEXT_HTML))
                .andRoute(GET("/api/v1/openapi/ui/"), request -> file("viewer/index.html", MediaType.TEXT_HTML))
                .and(RouterFunctions.resources("/demo/**", new ClassPathResource("demo/")))
                .and(RouterFunctions.resources("/api/v1/openapi/ui/swagger-ui/**",
                        new ClassPathResource("META-INF/resources/webjars/swagger-ui/" + webjarVersion(SWAGGER_UI) + "/")));
    }

    private static Mono<ServerResponse> file(String path, MediaType type) {
        Resource resource = new ClassPathResource(path);
        return ServerResponse.ok().contentType(type).cacheControl(CacheControl.noCache()).bodyValue(resource);
    }

    /** The version of a webjar on the classpath, from its Maven metadata: the pom names it once. */
    static String webjarVersion(String groupAndArtifact) {
        String metadata = "META-INF/maven/" + groupAndArtifact + "/pom.properties";
        try (InputStream in = SiteRoutes.class.getClassLoader().getResourceAsStream(metadata)) {
            if (in == null) {
                throw new IllegalStateException(metadata + ": missing (expected: the webjar on the classpath)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(metadata, e);
        }
    }
}
