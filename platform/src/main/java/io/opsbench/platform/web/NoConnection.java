package io.opsbench.platform.web;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What to answer when a request gets no database connection: the problem a refusal carries (a tenant
 * over its share of the pool: 429), or 503 when the pool or the database itself is the trouble. Both
 * are worth retrying in a moment ({@code Retry-After: 1}).
 */
public final class NoConnection {

    public static final String RETRY_AFTER_SECONDS = "1";

    private NoConnection() {
    }

    /** True for the exceptions Spring raises when it cannot get a connection or open a transaction. */
    public static boolean is(Throwable e) {
        return e instanceof CannotGetJdbcConnectionException || e instanceof CannotCreateTransactionException;
    }

    public static ProblemException problem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
        }
        return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE,
                "The database is busy or unreachable; retry in a moment");
    }
}
