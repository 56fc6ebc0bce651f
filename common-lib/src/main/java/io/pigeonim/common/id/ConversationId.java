package io.pigeonim.common.id;

import java.util.List;
import java.util.Objects;

/**
 * A conversation: one-to-one {@code p:<uidA>:<uidB>} (uidA &lt; uidB by bytes) or group {@code g:<groupId>}.
 *
 * <p>Uids are ASCII, so {@link String#compareTo} is the byte order PROTOCOL.md §2 asks for.
 */
public record ConversationId(String value, Kind kind, String first, String second) {

    /** The two kinds of conversation. */
    public enum Kind { DIRECT, GROUP }

    public ConversationId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
    }

    /** The one-to-one conversation of two distinct users, in either order. */
    public static ConversationId direct(String uidA, String uidB) {
        Ids.requireUid(uidA, "uid");
        Ids.requireUid(uidB, "uid");
        if (uidA.equals(uidB)) {
            throw new IllegalArgumentException("conversationId: a one-to-one conversation needs two distinct users, got "
                    + Ids.quote(uidA) + " twice");
        }
        String low = uidA.compareTo(uidB) < 0 ? uidA : uidB;
        String high = low.equals(uidA) ? uidB : uidA;
        return new ConversationId("p:" + low + ":" + high, Kind.DIRECT, low, high);
    }

    /** The conversation of a group. */
    public static ConversationId group(String groupId) {
        if (!Ids.isGroupId(groupId)) {
            throw new IllegalArgumentException("groupId: " + Ids.quote(groupId) + " (expected: " + Ids.GROUP_ID.pattern() + ")");
        }
        return new ConversationId("g:" + groupId, Kind.GROUP, groupId, null);
    }

    /**
     * Parses and validates a conversation id.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    public static ConversationId parse(String value) {
        if (value != null && value.startsWith("g:") && Ids.isGroupId(value.substring(2))) {
            return group(value.substring(2));
        }
        if (value != null && value.startsWith("p:")) {
            String rest = value.substring(2);
            int colon = rest.indexOf(':');
            if (colon > 0) {
                String a = rest.substring(0, colon);
                String b = rest.substring(colon + 1);
                if (Ids.isUid(a) && Ids.isUid(b) && a.compareTo(b) < 0) {
                    return new ConversationId(value, Kind.DIRECT, a, b);
                }
            }
        }
        throw new IllegalArgumentException("conversationId: " + Ids.quote(value)
                + " (expected: p:<uidA>:<uidB> with uidA < uidB, or g:<groupId>)");
    }

    /** Whether {@code value} is a well-formed conversation id. */
    public static boolean isValid(String value) {
        try {
            parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isDirect() {
        return kind == Kind.DIRECT;
    }

    public boolean isGroup() {
        return kind == Kind.GROUP;
    }

    /** The group's id; only for group conversations. */
    public String groupId() {
        requireKind(Kind.GROUP);
        return first;
    }

    /** The two members of a one-to-one conversation, in byte order. */
    public List<String> members() {
        requireKind(Kind.DIRECT);
        return List.of(first, second);
    }

    /** Whether {@code uid} is one of the two members of this one-to-one conversation. */
    public boolean hasMember(String uid) {
        requireKind(Kind.DIRECT);
        return first.equals(uid) || second.equals(uid);
    }

    /** The member of this one-to-one conversation who is not {@code uid}. */
    public String peerOf(String uid) {
        requireKind(Kind.DIRECT);
        if (first.equals(uid)) {
            return second;
        }
        if (second.equals(uid)) {
            return first;
        }
        throw new IllegalArgumentException("uid: " + Ids.quote(uid) + " is not a member of " + value);
    }

    private void requireKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException(value + " is not a " + expected.name().toLowerCase() + " conversation");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
