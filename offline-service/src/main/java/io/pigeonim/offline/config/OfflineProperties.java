package io.pigeonim.offline.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of offline-service ({@code pigeon.offline.*}).
 *
 * @param messageUrl base URL of message-service, the only writer of cursors
 * @param tokenSecret HMAC-SHA256 key of sync tokens (at least 32 characters; from {@code SYNC_TOKEN_SECRET} outside development)
 * @param tokenMaxAge how long a sync token may be passed back as {@code ack}; older ones are refused
 * @param ackConnectTimeout connect timeout towards message-service
 * @param ackReadTimeout how long to wait for message-service to record an acknowledgement
 */
@Validated
@ConfigurationProperties("pigeon.offline")
public record OfflineProperties(
        @DefaultValue("http://localhost:8082") @NotNull URI messageUrl,
        @DefaultValue("dev-only-pigeon-sync-token-secret-0123456789") @NotNull @Size(min = 32) String tokenSecret,
        @DefaultValue("24h") @NotNull Duration tokenMaxAge,
        @DefaultValue("1s") @NotNull Duration ackConnectTimeout,
        @DefaultValue("5s") @NotNull Duration ackReadTimeout) {
}
