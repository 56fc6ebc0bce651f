package io.pigeonim.seq.allocation;

import java.util.regex.Pattern;

/**
 * The conversation id format of PROTOCOL.md §2: {@code p:<uidA>:<uidB>} with uidA < uidB byte-wise,
 * or {@code g:<groupId>}.
 *
 * @implNote Kept here until common-lib's {@code ConversationId} can replace it.
 */
final class ConversationIds {

    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern GROUP = Pattern.compile("g:[A-Za-z0-9_-]{1,64}");

    private ConversationIds() {
    }

    /** Throws {@link BadRequestException} naming {@code field} unless {@code id} is well-formed. */
    static void check(String field, String id) {
        if (!valid(id)) {
            throw new BadRequestException(field + ": " + (id == null ? "missing" : "'" + id + "'")
                    + " (expected: p:<uidA>:<uidB> with uidA < uidB, or g:<groupId>)");
        }
    }

    static boolean valid(String id) {
        if (id == null) {
            return false;
        }
        if (id.startsWith("g:")) {
            return GROUP.matcher(id).matches();
        }
        if (!id.startsWith("p:")) {
            return false;
        }
        String[] uids = id.substring(2).split(":", -1);
        // uids are ASCII, so String order is byte order
        return uids.length == 2 && UID.matcher(uids[0]).matches() && UID.matcher(uids[1]).matches()
                && uids[0].compareTo(uids[1]) < 0;
    }
}
