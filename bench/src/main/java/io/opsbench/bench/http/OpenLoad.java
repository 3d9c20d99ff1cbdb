package io.opsbench.bench.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model (fixed arrival rate) HTTP/1.1 GET load generator, in the manner of wrk2: request i is due at
 * {@code start + i / rate} whether or not earlier requests have answered; CONNECTIONS keep-alive connections, each on
 * a virtual thread, take due requests from one queue; latency counts from the due time, so time spent waiting
 * for a free connection is part of it (no coordinated omission). Plain sockets and a hand-written response
 * reader rather than java.net.http: the JDK client costs too much CPU to drive thousands of requests a second
 * from the same 2 cores as the server.
 *
 * <pre>OpenLoad URL TOKEN RATE SECONDS CONNECTIONS</pre>
 */
public final class OpenLoad {

    private OpenLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("benchmarks send traffic to 127.0.0.1 only");
        }
        String token = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int total = Math.min(rate * seconds, 5_000_000);
        byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort()
            + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger non2xx = new AtomicInteger();
        BlockingQueue<long[]> due = new ArrayBlockingQueue<>(total + connections);
        long[] poison = {-1, -1};
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 200_000_000L;
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 30L);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                threads.submit(() -> {
                    Socket socket = null;
                    InputStream in = null;
                    try {
                        while (true) {
                            long[] item = due.take();
                            if (item == poison) {
                                return null;
                            }
                            if (System.nanoTime() > deadline) {
                                errors.incrementAndGet();
                                continue;
                            }
                            try {
                                if (socket == null) {
                                    socket = new Socket();
                                    socket.setTcpNoDelay(true);
                                    socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 5000);
                                    socket.setSoTimeout(10_000);
                                    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                                }
                                OutputStream out = socket.getOutputStream();
                                out.write(request);
                                out.flush();
                                int status = readResponse(in);
                                if (status < 0) {
                                    // The server closes keep-alive connections after a number of requests
                                    // (Tomcat: 100); the answer was complete, the next request opens a new one.
                                    socket.close();
                                    socket = null;
                                    status = -status;
                                }
                                if (status / 100 != 2) {
                                    non2xx.incrementAndGet();
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                                if (socket != null) {
                                    socket.close();
                                }
                                socket = null;
                            }
                            latencies[(int) item[1]] = System.nanoTime() - item[0];
                        }
                    } finally {
                        if (socket != null) {
                            socket.close();
                        }
                    }
                });
            }
            for (int i = 0; i < total; i++) {
                long when = start + i * intervalNanos;
                long wait;
                while ((wait = when - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                due.put(new long[] {when, i});
            }
            for (int c = 0; c < connections; c++) {
                due.put(poison);
            }
        }
        long elapsed = System.nanoTime() - start;
        long[] done = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "open-load rate=%d/s seconds=%d connections=%d sent=%d completed=%d errors=%d non2xx=%d"
                + " achieved=%.0f/s p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
            rate, seconds, connections, total, done.length, errors.get(), non2xx.get(), done.length / (elapsed / 1e9),
            pct(done, 50), pct(done, 90), pct(done, 99), pct(done, 99.9), done.length == 0 ? 0 : done[done.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Reads one response (Content-Length or chunked body) and answers its status, negated when the server closes. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = line(in)).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            while (true) {
                long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(in, size);
                line(in);
            }
        } else if (length > 0) {
            skip(in, length);
        }
        return close ? -status : status;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
