package io.pigeonim.message.member;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The members of group conversations, cached in this process and checked against {@code conversation.member_version}.
 *
 * <p>Every membership change raises {@code member_version} under the conversation row's lock. A caller reads the
 * version (the message store under that same lock) and asks for the members <em>of that version</em>: a cached
 * snapshot of another version is never used, so no invalidation message can be missed or arrive late.
 *
 * @implNote Rejected: invalidation over Redis pub/sub alone. A message lost while Redis reconnects, or one arriving
 *     after the next store transaction, leaves a stale list that would push to a removed member; the version costs
 *     one column already read with {@code max_seq}. Local eviction after a change ({@link #evict}) only frees memory.
 */
@Component
public final class MemberDirectory {

    private final MemberMapper mapper;
    private final Cache<String, Members> cache;
    private final Counter loads;

    MemberDirectory(MemberMapper mapper, MemberCacheSettings settings, MeterRegistry meters) {
        this.mapper = mapper;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(settings.maxMembers())
                .weigher((String id, Members members) -> members.size() + 1)
                .expireAfterAccess(settings.expireAfterAccess())
                .build();
        this.loads = Counter.builder("pigeon.message.members.loaded")
                .description("Member lists read from MySQL (cache misses and version changes)").register(meters);
        Gauge.builder("pigeon.message.members.cached", cache, c -> c.estimatedSize())
                .description("Group member lists held in the member cache").register(meters);
    }

    /**
     * The members of {@code conversationId} as of {@code version} or later.
     *
     * @param version the {@code member_version} the caller read; inside a transaction that holds the conversation
     *     row's lock, the answer is exactly that version
     * @return {@link Members#NONE} when the group conversation does not exist
     */
    public Members members(String conversationId, long version) {
        Members cached = cache.getIfPresent(conversationId);
        if (cached != null && cached.version() >= version) {
            return cached;
        }
        return load(conversationId);
    }

    /** The members as of now: one primary-key read of the version, then the cache (or MySQL when it is older). */
    public Members current(String conversationId) {
        Long version = mapper.selectVersion(conversationId);
        return version == null ? Members.NONE : members(conversationId, version);
    }

    /** The members as MySQL holds them now, bypassing the cache (which is refreshed). */
    public Members load(String conversationId) {
        List<MemberRow> rows = mapper.selectMembers(conversationId);
        loads.increment();
        if (rows.isEmpty()) {
            cache.invalidate(conversationId);
            return Members.NONE;
        }
        List<MemberRow> members = new ArrayList<>(rows.size());
        for (MemberRow row : rows) {
            if (row.uid() != null) {
                members.add(row);
            }
        }
        Members loaded = Members.of(rows.get(0).version(), members);
        cache.asMap().merge(conversationId, loaded, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        return loaded;
    }

    /** Drops the cached list of {@code conversationId} (after a change; correctness does not depend on it). */
    public void evict(String conversationId) {
        cache.invalidate(conversationId);
    }
}
