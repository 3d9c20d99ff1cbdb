package io.opsbench.platform.auth;

import io.opsbench.platform.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Generates and hashes bearer keys. Keys carry 190 bits of randomness, so a plain SHA-256 is enough
 * to store them: there is nothing to brute-force, and lookup stays one indexed equality.
 */
public final class KeyMaterial {

    public static final String TENANT_PREFIX = "ob_live_";
    public static final String VENDOR_PREFIX = "ob_vendor_";
    public static final String OPERATOR_PREFIX = "ob_op_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    public static String generate(String prefix) {
        StringBuilder key = new StringBuilder(prefix.length() + RANDOM_CHARS).append(prefix);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    public static byte[] hash(String key) {
        return Sha256.of(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The part of a key safe to show in lists: its kind and first four random characters. */
    public static String displayPrefix(String key) {
        int kindEnd = key.indexOf('_', 3) + 1;
        return key.substring(0, Math.min(key.length(), kindEnd + 4));
    }
}
