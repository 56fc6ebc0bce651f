package io.pigeonim.common.trust;

/**
 * The one rule for secrets (JWT secret, sync-token secret, internal keys): a development secret is accepted only
 * in development mode.
 *
 * @implNote Secrets come from the environment; files (Kubernetes Secrets) come in through Spring's
 *     {@code configtree:} import of {@code PIGEON_SECRETS_DIR}, whose file names are the variable names, so no
 *     service reads files itself.
 */
public final class Secrets {

    /** Every built-in secret starts with this; a real one must not. */
    public static final String DEVELOPMENT_PREFIX = "dev-only-";
    /** The switch of development mode: {@code PIGEON_DEVELOPMENT_MODE=true} (the local run and tests). */
    public static final String DEVELOPMENT_MODE_PROPERTY = "pigeon.development-mode";

    private Secrets() {
    }

    /** Whether {@code secret} is one of the built-in development secrets. */
    public static boolean isDevelopment(String secret) {
        return secret != null && secret.strip().startsWith(DEVELOPMENT_PREFIX);
    }

    /**
     * Returns {@code secret}, or refuses to go on when it is missing, or a development secret outside development mode.
     *
     * @param name the environment variable that sets it, for the message
     * @throws IllegalStateException saying which variable to set
     */
    public static String require(String name, String secret, boolean developmentMode) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(name + " is not set (expected: a secret from the environment or "
                    + "PIGEON_SECRETS_DIR/" + name + ")");
        }
        if (isDevelopment(secret) && !developmentMode) {
            throw new IllegalStateException(name + " is the built-in development secret, which is public: set " + name
                    + " (environment or PIGEON_SECRETS_DIR/" + name + "), or PIGEON_DEVELOPMENT_MODE=true for a local run");
        }
        return secret;
    }
}
