package io.pigeonim.seq.config;

import java.time.Clock;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.seq.allocation.SeqAllocator;
import io.pigeonim.seq.counter.RedisSeqCounter;
import io.pigeonim.seq.mark.SeqBlockRepository;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the counter (Redis), the marks (MySQL) and the allocator. */
@Configuration(proxyBeanMethods = false)
class SeqConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RedisSeqCounter redisSeqCounter(LettuceConnectionFactory connections, SeqProperties properties) {
        return new RedisSeqCounter(connections, properties.keyPrefix(), properties.keysPerScript(),
                properties.redisTimeout(), properties.pendingTtl());
    }

    @Bean
    SeqBlockRepository seqBlockRepository(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        return new SeqBlockRepository(jdbc, transactions, clock);
    }

    @Bean
    SeqAllocator seqAllocator(RedisSeqCounter counter, SeqBlockRepository marks, SeqProperties properties,
            MeterRegistry meters) {
        return new SeqAllocator(counter, marks, properties.blockSize(), properties.maxWait(), meters);
    }

    /** While Redis is unreachable, fail commands at once (503 fast) instead of queueing them. */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
        return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
