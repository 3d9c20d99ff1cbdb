package io.opsbench.platform.quote;

import java.time.Instant;
import java.util.UUID;

/** One line of a quote's history: {@code from} is null on the line that drafted it. */
public record QuoteTransition(UUID id, QuoteStatus from, QuoteStatus to, String note, UUID actorKeyId,
        Instant createdAt) {
}
