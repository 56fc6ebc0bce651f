package io.pigeonim.common.trust;

import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One service's trust setup, built the same way in every service from its configuration: the internal keys
 * ({@value #KEYS_PROPERTY}), development mode ({@value Secrets#DEVELOPMENT_MODE_PROPERTY}) and its own name
 * ({@code spring.application.name}), the caller name of its service credentials.
 *
 * @param keys the internal keys
 * @param developmentMode whether development secrets are accepted
 * @param caller this service's name
 * @param clock the clock signatures are dated by
 */
public record ServiceTrust(TrustKeys keys, boolean developmentMode, String caller, Clock clock) {

    /** Property of the internal keys, set from {@value #KEYS_VARIABLE}. */
    public static final String KEYS_PROPERTY = "pigeon.internal-keys";
    /** The environment variable (or secrets-directory file) of the internal keys. */
    public static final String KEYS_VARIABLE = "PIGEON_INTERNAL_KEYS";

    public ServiceTrust {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(clock, "clock");
        if (keys.development() && !developmentMode) {
            throw new IllegalStateException(KEYS_VARIABLE + " holds the built-in development key, which is public: set "
                    + KEYS_VARIABLE + " (environment or PIGEON_SECRETS_DIR/" + KEYS_VARIABLE
                    + "), or PIGEON_DEVELOPMENT_MODE=true for a local run");
        }
    }

    /**
     * Reads the setup through {@code property} (a Spring {@code Environment::getProperty}).
     *
     * @throws IllegalStateException when the keys are missing, or the development key is used outside development mode
     */
    public static ServiceTrust from(UnaryOperator<String> property, Clock clock) {
        boolean developmentMode = Boolean.parseBoolean(property.apply(Secrets.DEVELOPMENT_MODE_PROPERTY));
        String spec = Secrets.require(KEYS_VARIABLE, property.apply(KEYS_PROPERTY), developmentMode);
        String caller = Objects.requireNonNullElse(property.apply("spring.application.name"), "pigeon");
        return new ServiceTrust(TrustKeys.parse(spec), developmentMode, caller, clock);
    }

    public RequestSigner signer() {
        return new RequestSigner(keys, clock, RequestSigner.DEFAULT_TTL);
    }

    public RequestVerifier verifier() {
        return new RequestVerifier(keys, clock);
    }

    /**
     * This service's credential ({@code X-Pigeon-Service} value) for one internal call; common-lib's
     * {@code InternalClient} adds it to every request.
     */
    public String serviceToken(String method, String rawPath, byte[] body) {
        return signer().serviceToken(caller, method, rawPath, body);
    }
}
