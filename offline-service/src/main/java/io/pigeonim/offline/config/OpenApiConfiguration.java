package io.pigeonim.offline.config;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.offline.api.Caller;
import io.pigeonim.servicetrust.OpenPaths;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The OpenAPI document for mobile developers, served at {@code /api/v1/sync/openapi} (through the gateway):
 * the bearer JWT the gateway checks, and the problem+json error model on every operation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";
    private static final String BEARER = "bearer";

    static {
        // identity comes from gateway headers, never from the client: not a parameter to document
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    /** The document and its UI are read without a credential (the trust boundary checks everything else). */
    @Bean
    OpenPaths openPaths() {
        return OpenPaths.of("/api/v1/sync/openapi");
    }

    @Bean
    OpenAPI pigeonOfflineApi() {
        return new OpenAPI()
                .info(new Info().title("Pigeon offline sync").version("v1")
                        .description("Offline sync and history for clients (PROTOCOL.md §4). Every call goes through "
                                + "the gateway with `Authorization: Bearer <jwt>` (sub = uid, did = deviceId). Errors are "
                                + "`application/problem+json` (RFC 9457) with a `code`."))
                .servers(List.of(new Server().url("http://localhost:8080").description("gateway (local)")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Adds the error responses every operation can give, each a {@code Problem}. */
    @Bean
    OpenApiCustomizer problemResponses() {
        Map<String, String> errors = Map.of(
                "400", "BAD_REQUEST: a malformed request (limit outside 1..200 or not a number, a bad or foreign ack token, "
                        + "a malformed conversation id or seq); nothing changed",
                "401", "UNAUTHORIZED: missing, expired or forged JWT",
                "403", "FORBIDDEN: not a member of the conversation",
                "404", "NOT_FOUND: unknown conversation",
                "429", "RATE_LIMITED: too many requests (gateway)",
                "503", "UNAVAILABLE: a dependency is down; nothing was acknowledged; try again");
        return openApi -> {
            // here, not in the OpenAPI bean: springdoc replaces the bean's schemas with the ones it generates
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            addTo(openApi, errors);
        };
    }

    private static void addTo(OpenAPI openApi, Map<String, String> errors) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                errors.forEach((status, description) -> operation.getResponses().addApiResponse(status,
                        new ApiResponse().description(description).content(new Content().addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        StringSchema code = new StringSchema();
        for (ErrorCode value : List.of(ErrorCode.BAD_REQUEST, ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN,
                ErrorCode.NOT_FOUND, ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL)) {
            code.addEnumItem(value.name());
        }
        return new ObjectSchema()
                .description("RFC 9457 problem details with the Pigeon error code")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("limit: 500 (expected: 1..200)"))
                .addProperty("instance", new StringSchema().example("/api/v1/sync"))
                .addProperty("code", code.description("What went wrong, for programs to switch on"))
                .required(List.of("status", "code"));
    }
}
