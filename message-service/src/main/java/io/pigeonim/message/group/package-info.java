/** The group REST API (PROTOCOL.md §5): create, read, add and remove members, each change on a clean seq boundary. */
package io.pigeonim.message.group;
