package io.pigeonim.common.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check for images without a shell or curl (deploy/docker/Dockerfile, distroless): exits 0 when
 * the URL answers 200 within 3 s, 1 otherwise. Compose runs it as
 * {@code java -cp /app/BOOT-INF/lib/* io.pigeonim.common.ops.HealthProbe http://127.0.0.1:9090/actuator/health/readiness}.
 *
 * @implNote Kubernetes does not need it (the kubelet's httpGet probes); a shell with wget in the image was rejected:
 *     every tool in a runtime image is attack surface and the JVM is already there.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe <url> (got " + args.length + " arguments)");
            System.exit(2);
        }
        System.exit(healthy(URI.create(args[0])) ? 0 : 1);
    }

    /** Whether {@code url} answers 200 within 3 seconds. */
    static boolean healthy(URI url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
