/** Who is in a group now and since which seq: a version-checked member cache, its Redis mirror, the membership check. */
package io.pigeonim.message.member;
