package io.opsbench.platform.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One page of a list: {@code {data, next_cursor}}, {@code next_cursor} null on the last page. */
public record Page<T>(List<T> data, String nextCursor) {

    /**
     * Builds a page from rows fetched with {@link PageRequest#fetchSize()}.
     *
     * @param filters the same filter values given to {@link PageRequest#of}
     */
    public static <T> Page<T> of(List<T> rows, PageRequest request, Function<T, Instant> sortKey,
            Function<T, UUID> id, Object... filters) {
        if (rows.size() <= request.limit()) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<T> page = List.copyOf(rows.subList(0, request.limit()));
        T last = page.getLast();
        String cursor = PageRequest.encode(new PageRequest.Position(sortKey.apply(last), id.apply(last)), filters);
        return new Page<>(page, cursor);
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(data.stream().map(mapper).toList(), nextCursor);
    }
}
