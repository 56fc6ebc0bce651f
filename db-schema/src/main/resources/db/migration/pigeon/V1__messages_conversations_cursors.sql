-- Pigeon message store. Portable between MySQL 8 and MariaDB 10.11.
-- Ids are compared byte-wise (PROTOCOL.md orders uids by bytes), hence utf8mb4_bin.

CREATE TABLE conversation (
  conversation_id VARCHAR(140) NOT NULL,
  kind            CHAR(1)      NOT NULL,            -- 'p' one-to-one, 'g' group
  max_seq         BIGINT       NOT NULL DEFAULT 0,  -- highest stored seq
  created_at      BIGINT       NOT NULL,            -- epoch ms
  PRIMARY KEY (conversation_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Each message is stored once, whatever the number of members.
CREATE TABLE message (
  conversation_id VARCHAR(140) NOT NULL,
  seq             BIGINT       NOT NULL,
  msg_id          VARCHAR(32)  NOT NULL,
  sender_uid      VARCHAR(64)  NOT NULL,
  sender_device   VARCHAR(64)  NOT NULL,
  client_msg_id   VARCHAR(64)  NOT NULL,
  content_type    VARCHAR(32)  NOT NULL,
  content         TEXT         NOT NULL,            -- at most 16 KiB of UTF-8 (PROTOCOL.md §3)
  send_time       BIGINT       NOT NULL,            -- epoch ms, server time
  PRIMARY KEY (conversation_id, seq),               -- a reused seq fails loudly
  UNIQUE KEY uk_message_msg_id (msg_id),
  UNIQUE KEY uk_message_sender_client (sender_uid, client_msg_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A user's conversation index: which conversations sync must look at, and from where.
CREATE TABLE user_conversation (
  uid             VARCHAR(64)  NOT NULL,
  conversation_id VARCHAR(140) NOT NULL,
  join_seq        BIGINT       NOT NULL DEFAULT 0,  -- the user sees seqs > join_seq
  leave_seq       BIGINT       NULL,                -- and, once left, seqs <= leave_seq only
  PRIMARY KEY (uid, conversation_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One cursor per (user, device, conversation): the last acknowledged seq. Never moves back.
CREATE TABLE device_cursor (
  uid             VARCHAR(64)  NOT NULL,
  device_id       VARCHAR(64)  NOT NULL,
  conversation_id VARCHAR(140) NOT NULL,
  ack_seq         BIGINT       NOT NULL,
  updated_at      BIGINT       NOT NULL,
  PRIMARY KEY (uid, device_id, conversation_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
