package io.pigeonim.message.group;

import java.util.List;

/** Body of {@code POST /api/v1/groups}: the name and the members besides the caller (who becomes the owner). */
record CreateGroupRequest(String name, List<String> members) {
}
