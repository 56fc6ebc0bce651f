/** The Redis keyspace shared by the services: {@link io.pigeonim.common.redis.RedisKeys}. */
package io.pigeonim.common.redis;
