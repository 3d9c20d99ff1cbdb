package io.opsbench.platform.marketplace;

import io.opsbench.platform.crypto.Sha256;
import io.opsbench.platform.storage.StorageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bundles by SHA-256: kept in PostgreSQL so every node can load them, cached on this node's disk.
 * The digest is checked whenever bytes come back from either place.
 */
@Component
public class BundleStore {

    private static final String INSERT = """
            INSERT INTO plugin_bundles (sha256, content, size_bytes, created_at)
            VALUES (:sha256, :content, :size, :createdAt)
            ON CONFLICT (sha256) DO NOTHING
            """;
    private static final String LOAD = "SELECT content FROM plugin_bundles WHERE sha256 = :sha256";

    private final JdbcClient jdbc;
    private final Path cache;

    BundleStore(JdbcClient jdbc, StorageSettings storage) {
        this.jdbc = jdbc;
        this.cache = storage.dataDir().resolve("plugins").resolve("bundles").toAbsolutePath();
    }

    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    void save(String sha256, byte[] content, Instant now) {
        jdbc.sql(INSERT).param("sha256", sha256).param("content", content).param("size", content.length)
                .param("createdAt", now.atOffset(ZoneOffset.UTC)).update();
    }

    /** The bundle's bytes, from the disk cache when it holds them intact, else from the database. */
    public byte[] load(String sha256) {
        Path file = cache.resolve(sha256 + ".zip");
        try {
            if (Files.exists(file)) {
                byte[] cached = Files.readAllBytes(file);
                if (sha256(cached).equals(sha256)) {
                    return cached;
                }
                Files.delete(file);
            }
            byte[] stored = jdbc.sql(LOAD).param("sha256", sha256).query(byte[].class).single();
            if (!sha256(stored).equals(sha256)) {
                throw new IllegalStateException("Stored bundle " + sha256 + " does not match its digest");
            }
            Files.createDirectories(cache);
            Path partial = Files.createTempFile(cache, sha256, ".part");
            Files.write(partial, stored);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
