/**
 * The statements that write the {@code pigeon} tables other processes read (messages, conversations, the user →
 * conversation index, device cursors): MyBatis mappers used by message-service and by the stand-ins of the tests that
 * read these tables, so that both run the same SQL.
 */
package io.pigeonim.schema;
