package io.opsbench.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * An open-model (fixed arrival rate) HTTP/1.1 GET load generator, in the manner of wrk2: request i is due at
 * {@code start + i / rate} whether or not earlier requests have answered; it goes out on the first idle one of
 * CONNECTIONS keep-alive connections, and latency counts from its due time, so time spent waiting for a free
 * connection, or for this loop, is part of it (no coordinated omission).
 *
 * <p>One thread and one selector drive every connection, as wrk does. A thread per connection (virtual or not) and a
 * hand-off queue cost this client about 160 µs of CPU per request, which at a few thousand requests a second took a
 * quarter of the 2 cores the server under test shares with it; this loop costs a fraction of that. Its clock is the
 * selector's millisecond timeout: a request may leave up to 1 ms after it was due, and that delay counts against the
 * server's latency, never for it.
 *
 * <p>The first WARMUP seconds go out at the same rate and are not counted: in them this client's own JVM is still
 * compiling its loop, and its compiler threads take the CPU the server needs (latencies of 50-90 ms in the first two
 * seconds of a cold client, 10-20 ms later on, measured at 3,300 req/s).
 *
 * <p>With {@code OPENLOAD_TRACE} set it also prints, on stderr, the worst latency of each 100 ms of due times.
 *
 * <pre>OpenLoad URL TOKEN RATE SECONDS CONNECTIONS [WARMUP]</pre>
 */
public final class OpenLoad {

    private OpenLoad() {
    }

    public static void main(String[] args) throws IOException {
        URI uri = URI.create(args[0]);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("benchmarks send traffic to 127.0.0.1 only");
        }
        String token = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int counted = (int) Math.min((long) rate * seconds, 5_000_000L);
        int skipped = (int) Math.min((long) rate * warmup, 5_000_000L);
        int total = skipped + counted;
        byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort()
            + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", uri.getPort());

        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        int errors = 0;
        int non2xx = 0;
        int released = 0; // requests whose due time has come
        int sent = 0; // requests handed to a connection, in due order
        int finished = 0; // answered or failed
        long start = System.nanoTime() + 200_000_000L;
        // wall-clock time of the first counted request's due time, to line the trace up with other logs
        long countedFromEpochMillis = System.currentTimeMillis() + 200 + warmup * 1000L;
        long deadline = start + TimeUnit.SECONDS.toNanos(warmup + seconds + 30L);
        try (Selector selector = Selector.open()) {
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            for (int c = 0; c < connections; c++) {
                idle.push(new Connection());
            }
            while (finished < total) {
                long now = System.nanoTime();
                if (now > deadline) {
                    errors += total - finished;
                    break;
                }
                while (released < total && due(start, released, rate) <= now) {
                    released++;
                }
                while (sent < released && !idle.isEmpty()) {
                    Connection connection = idle.pop();
                    try {
                        connection.send(sent, request, address, selector);
                    } catch (IOException e) {
                        connection.close();
                        idle.push(connection);
                        errors++;
                        finished++;
                    }
                    sent++;
                }
                long waitMillis = released < total
                    ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(due(start, released, rate) - now + 999_999)) : 100;
                selector.select(waitMillis);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    int index = connection.inFlight;
                    if (index < 0) {
                        connection.close(); // an idle connection the server closed (keep-alive timeout); it is already idle
                        continue;
                    }
                    int status;
                    try {
                        status = connection.receive();
                    } catch (IOException e) {
                        status = -1;
                    }
                    if (status == 0) {
                        continue; // the rest of the response is still on its way
                    }
                    finished++;
                    if (status < 0) {
                        errors++;
                    } else {
                        latencies[index] = System.nanoTime() - due(start, index, rate);
                        if (status / 100 != 2) {
                            non2xx++;
                        }
                    }
                    idle.push(connection);
                }
            }
            for (Connection connection : idle) {
                connection.close();
            }
        }
        if (System.getenv("OPENLOAD_TRACE") != null) {
            System.err.println("counted from " + Instant.ofEpochMilli(countedFromEpochMillis));
            System.err.println(trace(latencies, skipped, rate));
        }
        long elapsed = System.nanoTime() - due(start, skipped, rate);
        long[] done = Arrays.stream(latencies, skipped, total).filter(l -> l >= 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "open-load rate=%d/s seconds=%d warmup=%d connections=%d sent=%d completed=%d errors=%d non2xx=%d"
                + " achieved=%.0f/s p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
            rate, seconds, warmup, connections, counted, done.length, errors, non2xx, done.length / (elapsed / 1e9),
            pct(done, 50), pct(done, 90), pct(done, 99), pct(done, 99.9), done.length == 0 ? 0 : done[done.length - 1] / 1e6);
    }

    /** The worst latency (ms) of each 100 ms of due times, from the first counted request: where a stall was. */
    private static String trace(long[] latencies, int from, int rate) {
        StringBuilder out = new StringBuilder("worst latency per 100 ms (ms):");
        int perSlice = Math.max(1, rate / 10);
        for (int slice = from; slice < latencies.length; slice += perSlice) {
            long worst = 0;
            for (int i = slice; i < Math.min(latencies.length, slice + perSlice); i++) {
                worst = Math.max(worst, latencies[i]);
            }
            out.append(' ').append(worst / 1_000_000);
        }
        return out.toString();
    }

    private static long due(long start, int index, int rate) {
        return start + index * 1_000_000_000L / rate;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** One keep-alive connection with at most one request in flight; opened on first use and after the server closes it. */
    private static final class Connection {

        private SocketChannel channel;
        private byte[] received = new byte[16 * 1024];
        private int length;
        int inFlight = -1;

        void send(int index, byte[] request, InetSocketAddress address, Selector selector) throws IOException {
            if (channel == null) {
                channel = SocketChannel.open(address);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, this);
            }
            inFlight = index;
            length = 0;
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    Thread.onSpinWait(); // a full socket buffer on a few hundred bytes: gone in microseconds
                }
            }
        }

        /** Reads what has arrived: answers the status once the response is complete, 0 before, -1 on a broken connection. */
        int receive() throws IOException {
            if (length == received.length) {
                received = Arrays.copyOf(received, received.length * 2);
            }
            int read = channel.read(ByteBuffer.wrap(received, length, received.length - length));
            if (read < 0) {
                close();
                return -1;
            }
            length += read;
            Response response = Response.parse(received, length);
            if (response == null) {
                return 0;
            }
            inFlight = -1;
            if (response.close) {
                // The server closes keep-alive connections after a number of requests (Tomcat: 100); this answer is
                // complete and the next request opens a new connection.
                close();
            }
            return response.status;
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                channel = null;
            }
        }
    }

    /** A complete HTTP/1.1 response at the start of a buffer: its status and whether the server closes after it. */
    record Response(int status, boolean close) {

        /** The response in {@code bytes[0, length)}, or null while it is incomplete (Content-Length or chunked body). */
        static Response parse(byte[] bytes, int length) {
            int headerEnd = indexOfCrlf(bytes, 0, length, true);
            if (headerEnd < 0) {
                return null;
            }
            String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int status = Integer.parseInt(head.substring(9, 12));
            boolean chunked = false;
            boolean close = false;
            long contentLength = 0;
            for (String line : head.split("\r\n")) {
                if (line.startsWith("content-length:")) {
                    contentLength = Long.parseLong(line.substring(15).trim());
                } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                    chunked = true;
                } else if (line.startsWith("connection:") && line.contains("close")) {
                    close = true;
                }
            }
            int position = headerEnd + 4;
            if (!chunked) {
                return position + contentLength <= length ? new Response(status, close) : null;
            }
            while (true) {
                int lineEnd = indexOfCrlf(bytes, position, length, false);
                if (lineEnd < 0) {
                    return null;
                }
                String size = new String(bytes, position, lineEnd - position, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                long chunk = Long.parseLong(size, 16);
                position = lineEnd + 2;
                if (chunk == 0) {
                    while (true) { // trailers, then the empty line
                        int trailerEnd = indexOfCrlf(bytes, position, length, false);
                        if (trailerEnd < 0) {
                            return null;
                        }
                        if (trailerEnd == position) {
                            return new Response(status, close);
                        }
                        position = trailerEnd + 2;
                    }
                }
                if (position + chunk + 2 > length) {
                    return null;
                }
                position += (int) chunk + 2;
            }
        }

        /** Index of the next CRLF (or CRLFCRLF when {@code blankLine}) in {@code bytes[from, to)}, or -1. */
        private static int indexOfCrlf(byte[] bytes, int from, int to, boolean blankLine) {
            int needed = blankLine ? 4 : 2;
            for (int i = from; i + needed <= to; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && (!blankLine || bytes[i + 2] == '\r' && bytes[i + 3] == '\n')) {
                    return i;
                }
            }
            return -1;
        }
    }
}
