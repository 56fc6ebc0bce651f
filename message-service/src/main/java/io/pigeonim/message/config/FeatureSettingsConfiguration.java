package io.pigeonim.message.config;

import io.pigeonim.message.ack.AckBatchSettings;
import io.pigeonim.message.group.GroupLimits;
import io.pigeonim.message.member.MemberCacheSettings;
import io.pigeonim.message.member.RedisMemberSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Hands each feature package its slice of {@link MessageProperties}, so that none depends on this package. */
@Configuration(proxyBeanMethods = false)
class FeatureSettingsConfiguration {

    @Bean
    AckBatchSettings ackBatchSettings(MessageProperties properties) {
        return new AckBatchSettings(properties.ackFlushWindow());
    }

    @Bean
    GroupLimits groupLimits(MessageProperties properties) {
        return new GroupLimits(properties.groupMaxMembers(), properties.groupMaxOwned());
    }

    @Bean
    MemberCacheSettings memberCacheSettings(MessageProperties properties) {
        return new MemberCacheSettings(properties.memberCacheMaxMembers(), properties.memberCacheExpiry());
    }

    @Bean
    RedisMemberSet redisMemberSet(StringRedisTemplate redis, MessageProperties properties) {
        return new RedisMemberSet(redis, properties.memberSetTtl());
    }
}
