/** The one JSON configuration of the wire contract (Jackson 3). */
package io.pigeonim.common.json;
