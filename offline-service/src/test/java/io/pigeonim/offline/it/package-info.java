/** Integration tests against a real MySQL: the store fixture, the message-service stand-in and the scenarios. */
package io.pigeonim.offline.it;
