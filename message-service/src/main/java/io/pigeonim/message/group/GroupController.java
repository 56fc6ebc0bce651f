package io.pigeonim.message.group;

import java.net.URI;
import java.util.List;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/groups} (PROTOCOL.md §5), behind the gateway: identity from its headers. */
@RestController
@RequestMapping("/api/v1/groups")
class GroupController {

    /** Names are shown to people: at most this many characters (code points). */
    static final int MAX_NAME_LENGTH = 100;

    private final GroupStore groups;

    GroupController(GroupStore groups) {
        this.groups = groups;
    }

    @PostMapping
    ResponseEntity<CreateGroupResponse> create(@RequestHeader(name = IdentityHeaders.UID, required = false) String uid,
            @RequestHeader(name = IdentityHeaders.DEVICE_ID, required = false) String deviceId,
            @RequestBody CreateGroupRequest request) {
        Caller caller = Caller.of(uid, deviceId);
        String name = validName(request.name());
        List<String> members = request.members() == null ? List.of() : request.members();
        groups.requireListSize(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (!Ids.isUid(members.get(i))) {
                throw ApiException.badRequest("members[" + i + "]: " + quote(members.get(i)) + " (expected: "
                        + Ids.UID.pattern() + ")");
            }
        }
        CreateGroupResponse created = groups.create(caller.uid(), name, members);
        return ResponseEntity.created(URI.create("/api/v1/groups/" + created.groupId())).body(created);
    }

    @GetMapping("/{groupId}")
    GroupResponse read(@RequestHeader(name = IdentityHeaders.UID, required = false) String uid,
            @RequestHeader(name = IdentityHeaders.DEVICE_ID, required = false) String deviceId,
            @PathVariable String groupId) {
        Caller caller = Caller.of(uid, deviceId);
        return groups.read(caller.uid(), knownForm(groupId));
    }

    @PostMapping("/{groupId}/members")
    ResponseEntity<Void> add(@RequestHeader(name = IdentityHeaders.UID, required = false) String uid,
            @RequestHeader(name = IdentityHeaders.DEVICE_ID, required = false) String deviceId,
            @PathVariable String groupId, @RequestBody AddMemberRequest request) {
        Caller caller = Caller.of(uid, deviceId);
        if (!Ids.isUid(request.uid())) {
            throw ApiException.badRequest("uid: " + quote(request.uid()) + " (expected: " + Ids.UID.pattern() + ")");
        }
        groups.add(caller.uid(), knownForm(groupId), request.uid());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{groupId}/members/{member}")
    ResponseEntity<Void> remove(@RequestHeader(name = IdentityHeaders.UID, required = false) String uid,
            @RequestHeader(name = IdentityHeaders.DEVICE_ID, required = false) String deviceId,
            @PathVariable String groupId, @PathVariable String member) {
        Caller caller = Caller.of(uid, deviceId);
        if (!Ids.isUid(member)) {
            throw ApiException.notFound("uid " + quote(member) + " is not a member of group " + groupId);
        }
        groups.remove(caller.uid(), knownForm(groupId), member);
        return ResponseEntity.noContent().build();
    }

    /** A group id of the wrong form names no group: 404, like an unknown one. */
    private static String knownForm(String groupId) {
        if (!Ids.isGroupId(groupId)) {
            throw ApiException.notFound("group " + quote(groupId) + " does not exist (expected: "
                    + Ids.GROUP_ID.pattern() + ")");
        }
        return groupId;
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("name: " + quote(name) + " (expected: 1.." + MAX_NAME_LENGTH
                    + " characters, not blank, no control characters)");
        }
        return name;
    }

    private static String quote(String value) {
        return value == null ? "null" : '"' + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + '"';
    }
}
