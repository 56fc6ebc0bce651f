-- The per-user quota on groups owned (docs/security.md) counts a user's groups on every create.
CREATE INDEX ix_chat_group_owner ON chat_group (owner_uid);
