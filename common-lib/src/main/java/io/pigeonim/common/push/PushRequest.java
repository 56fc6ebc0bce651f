package io.pigeonim.common.push;

import java.util.List;
import java.util.Objects;

import io.pigeonim.common.frame.ServerFrame;

/** A batch of frames for one connector instance, written in list order. */
public record PushRequest(List<Push> pushes) {

    public PushRequest {
        pushes = List.copyOf(Objects.requireNonNull(pushes, "pushes"));
    }

    /** One frame for every local connection of the listed users. */
    public record Push(List<String> uids, ServerFrame frame) {

        public Push {
            uids = List.copyOf(Objects.requireNonNull(uids, "uids"));
            Objects.requireNonNull(frame, "frame");
        }
    }
}
