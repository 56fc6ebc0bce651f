package io.pigeonim.message.member;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The current members of one group conversation and the seq each joined at, as of one {@code member_version}.
 * Immutable; uids sorted, so a membership test is a binary search.
 *
 * @implNote Two parallel arrays instead of a map: a 500-member group measured about 35 KB, mostly the uid
 *     strings themselves (docs/performance.md, groups); a {@code HashMap<String, Long>} would add roughly 25 KB of
 *     entries and boxed longs on top.
 */
public final class Members {

    /** The snapshot of a conversation that does not exist (no group): nobody is a member. */
    public static final Members NONE = new Members(-1, new String[0], new long[0]);

    private final long version;
    private final String[] uids;
    private final long[] joinSeqs;

    private Members(long version, String[] uids, long[] joinSeqs) {
        this.version = version;
        this.uids = uids;
        this.joinSeqs = joinSeqs;
    }

    /** A snapshot of {@code version}: uid → the seq it joined at. */
    public static Members of(long version, Map<String, Long> joinSeqByUid) {
        List<MemberRow> rows = new ArrayList<>(joinSeqByUid.size());
        joinSeqByUid.forEach((uid, joinSeq) -> rows.add(new MemberRow(uid, joinSeq, version)));
        return of(version, rows);
    }

    /** Builds a snapshot from unsorted rows. */
    static Members of(long version, List<MemberRow> rows) {
        MemberRow[] sorted = rows.toArray(MemberRow[]::new);
        Arrays.sort(sorted, Comparator.comparing(MemberRow::uid));
        String[] uids = new String[sorted.length];
        long[] joinSeqs = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            uids[i] = sorted[i].uid();
            joinSeqs[i] = sorted[i].joinSeq();
        }
        return new Members(version, uids, joinSeqs);
    }

    /** The {@code conversation.member_version} this snapshot reflects; -1 when the conversation does not exist. */
    public long version() {
        return version;
    }

    public boolean exists() {
        return version >= 0;
    }

    public int size() {
        return uids.length;
    }

    public boolean isMember(String uid) {
        return Arrays.binarySearch(uids, uid) >= 0;
    }

    /** The members in uid order. */
    public List<String> uids() {
        return List.of(uids);
    }

    /** The members who see {@code seq}: those who joined before it ({@code join_seq < seq}). */
    public List<String> audienceOf(long seq) {
        List<String> audience = new ArrayList<>(uids.length);
        for (int i = 0; i < uids.length; i++) {
            if (joinSeqs[i] < seq) {
                audience.add(uids[i]);
            }
        }
        return audience;
    }

    @Override
    public String toString() {
        return "Members[version=" + version + ", size=" + uids.length + "]";
    }
}
