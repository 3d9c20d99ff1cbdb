package io.opsbench.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A keyset page request: {@code limit} (1–200, default 50) and an opaque {@code cursor}. The cursor
 * holds the sort key and id of the last row served plus a fingerprint of the list's filters, so a
 * cursor cannot be replayed against a different filter and rows inserted or deleted between pages
 * neither skip nor repeat.
 */
public record PageRequest(int limit, Optional<Position> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Where the previous page ended: the last row's sort key and its id as a tiebreaker. */
    public record Position(Instant sortKey, UUID id) {
    }

    /**
     * Parses the query parameters of a list request.
     *
     * @param filters the list's filter values in a fixed order, bound into the cursor
     */
    public static PageRequest of(Integer limit, String cursor, Object... filters) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw InvalidInput.parameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest(size, Optional.empty());
        }
        return new PageRequest(size, Optional.of(decode(cursor, fingerprint(filters))));
    }

    /** Rows to fetch: one more than the page, to learn whether another page follows. */
    public int fetchSize() {
        return limit + 1;
    }

    public Instant afterSortKey() {
        return after.map(Position::sortKey).orElse(null);
    }

    public UUID afterId() {
        return after.map(Position::id).orElse(null);
    }

    static String encode(Position position, Object... filters) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 + 16 + 4);
        buffer.putLong(position.sortKey().getEpochSecond());
        buffer.putInt(position.sortKey().getNano());
        buffer.putLong(position.id().getMostSignificantBits());
        buffer.putLong(position.id().getLeastSignificantBits());
        buffer.putInt(fingerprint(filters));
        return ENCODER.encodeToString(buffer.array());
    }

    private static Position decode(String cursor, int expectedFingerprint) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(DECODER.decode(cursor));
            if (buffer.remaining() != 32) {
                throw new IllegalArgumentException("length");
            }
            Instant sortKey = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            UUID id = new UUID(buffer.getLong(), buffer.getLong());
            if (buffer.getInt() != expectedFingerprint) {
                throw InvalidInput.parameter("cursor", "belongs to a list with other filters; start again without it");
            }
            return new Position(sortKey, id);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException | java.time.DateTimeException e) {
            throw InvalidInput.parameter("cursor", "is not a cursor this API issued");
        }
    }

    private static int fingerprint(Object... filters) {
        StringBuilder text = new StringBuilder();
        for (Object filter : filters) {
            text.append(filter == null ? "\u0000" : filter.toString()).append('\u0001');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        int hash = 0x811C9DC5;
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xFF)) * 0x01000193;
        }
        return hash;
    }
}
