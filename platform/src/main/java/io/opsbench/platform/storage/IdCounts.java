package io.opsbench.platform.storage;

import java.util.Map;
import java.util.UUID;

/**
 * Counts per id as two text arrays in the same order, for a statement that takes them as
 * {@code CAST(:ids AS uuid[])} and {@code CAST(:counts AS int[])}.
 */
public record IdCounts(String[] ids, String[] counts) {

    public static IdCounts of(Map<UUID, Integer> counts) {
        String[] ids = new String[counts.size()];
        String[] values = new String[counts.size()];
        int i = 0;
        for (Map.Entry<UUID, Integer> entry : counts.entrySet()) {
            ids[i] = entry.getKey().toString();
            values[i++] = entry.getValue().toString();
        }
        return new IdCounts(ids, values);
    }
}
