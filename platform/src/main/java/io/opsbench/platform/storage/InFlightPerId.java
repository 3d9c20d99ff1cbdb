package io.opsbench.platform.storage;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of a worker's calls are in flight per id (an endpoint, a tenant, an installation), for claims that take at most
 * a limit per id less what is already in flight. An id is absent when none are.
 */
public final class InFlightPerId {

    private final ConcurrentHashMap<UUID, Integer> counts = new ConcurrentHashMap<>();

    public void started(UUID id) {
        counts.merge(id, 1, Integer::sum);
    }

    public void finished(UUID id) {
        counts.computeIfPresent(id, (key, n) -> n == 1 ? null : n - 1);
    }

    /** The counts as a claim statement takes them. */
    public IdCounts snapshot() {
        return IdCounts.of(counts);
    }
}
