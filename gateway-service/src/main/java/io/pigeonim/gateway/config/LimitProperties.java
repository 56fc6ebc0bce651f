package io.pigeonim.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/**
 * What one client may make the gateway do, prefix {@code pigeon.gateway.limits} (docs/security.md).
 *
 * @param ratePerSecond REST calls a user may make per second (PROTOCOL.md §6: at least 20)
 * @param burst REST calls a user may make at once (PROTOCOL.md §6: at least 100)
 * @param maxBodyBytes the largest REST request body
 */
@ConfigurationProperties("pigeon.gateway.limits")
@Validated
public record LimitProperties(
        @Positive @DefaultValue("20") double ratePerSecond,
        @Min(1) @DefaultValue("100") double burst,
        @Min(1) @DefaultValue("262144") long maxBodyBytes) {
}
