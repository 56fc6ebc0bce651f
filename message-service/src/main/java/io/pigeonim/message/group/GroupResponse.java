package io.pigeonim.message.group;

import java.util.List;

/** Answer of {@code GET /api/v1/groups/{groupId}}: the current members in uid order. */
record GroupResponse(String groupId, String name, String owner, List<String> members) {
}
