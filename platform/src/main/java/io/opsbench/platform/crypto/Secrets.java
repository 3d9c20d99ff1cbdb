package io.opsbench.platform.crypto;

import io.opsbench.platform.storage.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts what must not sit in the database in clear (plugin secrets, stored one-time responses)
 * with AES-256-GCM under the data key. The key comes from {@code OPSBENCH_DATA_KEY} (base64 of 32
 * bytes); without it, one is generated into {@code <data-dir>/data.key} on first start. Each value is
 * bound to its context (the row it belongs to), so a ciphertext copied into another row fails to
 * decrypt.
 */
@Component
public class Secrets {

    private static final Logger log = LoggerFactory.getLogger(Secrets.class);
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    Secrets(@Value("${opsbench.data-key:}") String configuredKey, StorageSettings storage) {
        this.key = new SecretKeySpec(configuredKey.isBlank() ? keyFile(storage.dataDir().resolve("data.key"))
                : decode(configuredKey), "AES");
    }

    public byte[] encrypt(byte[] plaintext, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] ciphertext, String context) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(ciphertext);
            if (buffer.get() != VERSION) {
                throw new IllegalStateException("Unknown ciphertext version");
            }
            byte[] iv = new byte[IV_BYTES];
            buffer.get(iv);
            byte[] sealed = new byte[buffer.remaining()];
            buffer.get(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Decryption failed: wrong data key or tampered value", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.strip());
        if (bytes.length != 32) {
            throw new IllegalStateException("OPSBENCH_DATA_KEY must be base64 of exactly 32 bytes");
        }
        return bytes;
    }

    private static byte[] keyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] generated = new byte[32];
            RANDOM.nextBytes(generated);
            Files.writeString(file, Base64.getEncoder().encodeToString(generated));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the file keeps the directory's default permissions.
            }
            log.info("Generated the data key into {}; back it up, or set OPSBENCH_DATA_KEY", file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the data key " + file, e);
        }
    }
}
