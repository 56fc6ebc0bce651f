/** What the {@code pigeon} launcher reads from the build instead of repeating it: version, ports, topics. */
package io.pigeonim.deploy.launcher;
