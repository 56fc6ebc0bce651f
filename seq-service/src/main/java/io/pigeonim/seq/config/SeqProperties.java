package io.pigeonim.seq.config;

import java.time.Duration;

import io.pigeonim.common.redis.RedisKeys;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pigeon.seq.*}.
 *
 * @param blockSize how far one MySQL write raises a conversation's mark: the seqs Redis may hand
 *     out before the next write, and the largest hole a Redis loss can leave
 * @param keyPrefix prefix of the Redis counter keys ({@code <prefix>{<conversationId>}})
 * @param keysPerScript most counter keys one Lua script handles (standalone or sentinel Redis)
 * @param maxWait how long one call may wait for Redis, MySQL or another instance's rebuild before 503
 * @param redisTimeout how long to wait for one round of Redis scripts
 * @param pendingTtl how long a counter being rebuilt by an instance that then crashed blocks others
 */
@Validated
@ConfigurationProperties("pigeon.seq")
public record SeqProperties(
        @DefaultValue("1000") @Min(1) @Max(1_000_000_000) int blockSize,
        @DefaultValue(RedisKeys.SEQ_PREFIX) @NotBlank String keyPrefix,
        @DefaultValue("128") @Min(1) @Max(1000) int keysPerScript,
        @DefaultValue("2s") @NotNull Duration maxWait,
        @DefaultValue("1s") @NotNull Duration redisTimeout,
        @DefaultValue("3s") @NotNull Duration pendingTtl) {
}
