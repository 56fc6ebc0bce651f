package io.pigeonim.common.redis;

/**
 * The Redis keyspace every service shares: each key's name, type, writer and readers, in one place.
 *
 * <p>Braces are Redis Cluster hash tags: a user's or a conversation's keys hash by its id alone, so a script or a
 * pipeline about one of them touches one slot.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>type</th><th>written by</th><th>read by</th></tr>
 * <tr><td>{@code pigeon:route:{uid}}</td><td>hash deviceId → connectorId, with a TTL refreshed while connected</td>
 *     <td>connector-service</td><td>message-service (pushes), e2e tests</td></tr>
 * <tr><td>{@code pigeon:connector:<connectorId>}</td><td>string: the instance's advertised URL, with a TTL</td>
 *     <td>connector-service</td><td>message-service (pushes)</td></tr>
 * <tr><td>{@code pigeon:members:{conversationId}}</td><td>set of uids: a group's members, a mirror of MySQL</td>
 *     <td>message-service</td><td>connector-service (send checks), message-service</td></tr>
 * <tr><td>{@code pigeon:members-version:{conversationId}}</td><td>string: the member version mirrored</td>
 *     <td>message-service</td><td>message-service</td></tr>
 * <tr><td>{@code pigeon:seq:{conversationId}}</td><td>hash: the seq counter (ADR 0002)</td>
 *     <td>seq-service</td><td>seq-service</td></tr>
 * </table>
 */
public final class RedisKeys {

    /** The prefix of the seq counters, before the hash-tagged conversation id (seq-service may configure another). */
    public static final String SEQ_PREFIX = "pigeon:seq:";

    private RedisKeys() {
    }

    /** The devices of {@code uid} that are online, each with the connector instance that holds it. */
    public static String route(String uid) {
        return "pigeon:route:{" + uid + "}";
    }

    /** The URL at which connector instance {@code connectorId} takes pushes. */
    public static String connector(String connectorId) {
        return "pigeon:connector:" + connectorId;
    }

    /** The members of group conversation {@code conversationId}. */
    public static String members(String conversationId) {
        return "pigeon:members:{" + conversationId + "}";
    }

    /** The member version that {@link #members(String)} mirrors. */
    public static String membersVersion(String conversationId) {
        return "pigeon:members-version:{" + conversationId + "}";
    }

    /** The seq counter of {@code conversationId} under {@code prefix} ({@link #SEQ_PREFIX} unless configured). */
    public static String seq(String prefix, String conversationId) {
        return prefix + "{" + conversationId + "}";
    }
}
