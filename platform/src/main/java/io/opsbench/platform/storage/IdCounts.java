package io.opsbench.platform.storage;

import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Counts per id as two comma-separated lists in the same order, for a statement that takes them as
 * {@code string_to_array(:ids, ',')::uuid[]} and {@code string_to_array(:counts, ',')::int[]}.
 */
public record IdCounts(String ids, String counts) {

    public static IdCounts of(Map<UUID, Integer> counts) {
        StringJoiner ids = new StringJoiner(",");
        StringJoiner values = new StringJoiner(",");
        counts.forEach((id, count) -> {
            ids.add(id.toString());
            values.add(count.toString());
        });
        return new IdCounts(ids.toString(), values.toString());
    }
}
