/**
 * Checks of what operators run, offline: the rendered k8s/ overlays, the compose file, the Dockerfile, the
 * Prometheus config and the Grafana dashboard (deploy/README.md).
 */
package io.pigeonim.deploy;
