-- seq-service's durable high-water mark: no seq above max_seq has ever been handed out.
-- Raised ahead in blocks; Redis hands out from memory below it. Portable between MySQL 8 and MariaDB 10.11.
CREATE TABLE seq_block (
  conversation_id VARCHAR(140) NOT NULL,
  max_seq         BIGINT       NOT NULL,  -- only ever grows, stays below 2^53
  updated_at      BIGINT       NOT NULL,  -- epoch ms of the last raise
  PRIMARY KEY (conversation_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
