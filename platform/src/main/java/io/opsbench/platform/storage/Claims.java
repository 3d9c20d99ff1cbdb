package io.opsbench.platform.storage;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one fair claim took (V18, V19), and the id it took from last: the next claim passes that id as its
 * {@code after}, so the round of endpoints or installations goes on where this one stopped.
 *
 * @param deliveries what was claimed
 * @param resumeAfter where the next claim goes on
 */
public record Claims<T>(List<T> deliveries, UUID resumeAfter) {

    /**
     * Runs a claim whose rows each carry the same {@code resume_after} column beside what {@code row} reads; a claim
     * that took nothing goes on after {@code after} again.
     */
    public static <T> Claims<T> query(JdbcClient.StatementSpec claim, RowMapper<T> row, UUID after) {
        UUID[] resumeAfter = {after};
        List<T> deliveries = claim.query((rs, n) -> {
            resumeAfter[0] = rs.getObject("resume_after", UUID.class);
            return row.mapRow(rs, n);
        }).list();
        return new Claims<>(deliveries, resumeAfter[0]);
    }
}
