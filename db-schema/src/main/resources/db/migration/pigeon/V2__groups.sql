-- Groups (PROTOCOL.md §5, ADR 0005). Portable between MySQL 8 and MariaDB 10.11.
-- A group message is stored once in `message`; membership is `user_conversation` (join_seq,
-- leave_seq) and progress is `device_cursor`: nothing is written per member per message.

CREATE TABLE chat_group (
  group_id        VARCHAR(64)  NOT NULL,            -- [A-Za-z0-9_-]{1,64}, chosen by the server
  name            VARCHAR(100) NOT NULL,
  owner_uid       VARCHAR(64)  NOT NULL,
  member_count    INT          NOT NULL,            -- current members (leave_seq IS NULL)
  created_at      BIGINT       NOT NULL,            -- epoch ms
  PRIMARY KEY (group_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Raised by every membership change, under the conversation row's lock: a cached member list
-- is valid while its version equals this one.
ALTER TABLE conversation ADD COLUMN member_version BIGINT NOT NULL DEFAULT 0;

-- The members of one conversation (fan-out, member cache) without a scan of the uid-first key.
CREATE INDEX ix_user_conversation_members ON user_conversation (conversation_id, uid);
