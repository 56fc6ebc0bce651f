/** Operations tools that ship in every service jar (a container health check without a shell or curl). */
package io.pigeonim.common.ops;
