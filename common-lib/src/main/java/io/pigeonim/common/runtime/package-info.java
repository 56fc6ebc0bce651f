/** JVM-wide settings every Pigeon service applies before it starts. */
package io.pigeonim.common.runtime;
