package io.opsbench.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Properties of the schema the migrations build, checked on the migrated database. */
class SchemaIntegrationTests extends IntegrationTest {

    /**
     * Cascading foreign keys (ON DELETE CASCADE, SET NULL, SET DEFAULT) that no index can seek on. A cascade
     * runs {@code DELETE ... WHERE <key columns> = ...} once per deleted row, so without such an index every
     * one of them is a scan. An index qualifies when its leading columns, up to its first column that is not
     * part of the key, include a key column other than {@code tenant_id} (tenant_id alone narrows a lookup to
     * one tenant's rows, which can be all of them), or when the key is tenant_id alone.
     */
    private static final String CASCADES_WITHOUT_INDEX = """
            SELECT c.conrelid::regclass || '(' || array_to_string(array(
                       SELECT a.attname FROM unnest(c.conkey) k
                       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k), ', ') || ')'
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.confdeltype IN ('c', 'n', 'd')
              AND NOT EXISTS (
                  SELECT 1 FROM pg_index i
                  CROSS JOIN LATERAL (
                      SELECT array_agg(col) AS leading
                      FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS u(col, pos)
                      WHERE pos < coalesce((SELECT min(v.pos) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS v(col, pos)
                                            WHERE v.col <> ALL (c.conkey)), cardinality(i.indkey::int2[]) + 1)
                  ) p
                  WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
                    AND EXISTS (SELECT 1 FROM unnest(p.leading) x
                                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = x
                                WHERE a.attname <> 'tenant_id' OR cardinality(c.conkey) = 1))
            ORDER BY 1
            """;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyCascadingForeignKeyHasAnIndexItsCascadeCanSeekOn() {
        List<String> unindexed = jdbc.sql(CASCADES_WITHOUT_INDEX).query(String.class).list();

        assertThat(unindexed).isEmpty();
    }
}
