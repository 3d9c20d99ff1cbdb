package io.opsbench.bench.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The small load tools bench/run-all.sh needs besides wrk and pgbench. Every loop is bounded in time and count, and
 * every address is 127.0.0.1.
 *
 * <pre>
 * post-many URL TOKEN BODY COUNT CONCURRENCY [WARMUP]  COUNT POSTs (closed model) after WARMUP untimed ones,
 *                                                  prints elapsed and rate
 * receiver PORT SECONDS                            counts POSTs on any path, answers 200 {"id":"bench"};
 *                                                  GET /count answers "count firstNanos lastNanos"
 * </pre>
 *
 * The open-model GET load is {@link OpenLoad}; {@code open-load} here is the same model on java.net.http, kept
 * for comparison: on 2 cores that client itself saturates first.
 */
public final class LoadTools {

    private LoadTools() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "open-load" -> openLoad(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "post-many" -> {
                if (args.length > 6 && Integer.parseInt(args[6]) > 0) {
                    postMany(args[1], args[2], args[3], Integer.parseInt(args[6]), Integer.parseInt(args[5]), "warm-up");
                }
                postMany(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), "post-many");
            }
            case "receiver" -> receiver(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> {
                System.err.println("usage: open-load URL TOKEN RATE SECONDS MAX_IN_FLIGHT | post-many URL TOKEN BODY COUNT CONCURRENCY [WARMUP]"
                    + " | receiver PORT SECONDS");
                System.exit(2);
            }
        }
    }

    private static void requireLoopback(String url) {
        String host = URI.create(url).getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("benchmarks send traffic to 127.0.0.1 only, not " + host);
        }
    }

    /**
     * An open-model load: request i is due at start + i / rate whether or not earlier ones have answered, and its
     * latency counts from that due time (so a stall is not hidden by coordinated omission). At most maxInFlight
     * requests are outstanding; a request waiting for a slot keeps its due time.
     */
    static void openLoad(String url, String token, int rate, int seconds, int maxInFlight) throws Exception {
        requireLoopback(url);
        int total = Math.min(rate * seconds, 10_000_000);
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        AtomicInteger errors = new AtomicInteger();
        Semaphore slots = new Semaphore(maxInFlight);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10)).GET().build();
        long intervalNanos = 1_000_000_000L / rate;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                threads.submit(() -> {
                    try {
                        slots.acquire();
                        try {
                            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } finally {
                            slots.release();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - due;
                    return null;
                });
            }
            threads.shutdown();
            if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
            long elapsed = System.nanoTime() - start;
            long[] done = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
            System.out.printf(Locale.ROOT, "open-load rate=%d/s seconds=%d sent=%d completed=%d errors=%d achieved=%.0f/s"
                    + " p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
                rate, seconds, total, done.length, errors.get(), done.length / (elapsed / 1e9),
                pct(done, 50), pct(done, 90), pct(done, 99), pct(done, 99.9), done.length == 0 ? 0 : done[done.length - 1] / 1e6);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** COUNT POSTs of BODY, CONCURRENCY at a time; TOKEN "-" sends no Authorization header. */
    static void postMany(String url, String token, String body, int count, int concurrency, String label) throws Exception {
        requireLoopback(url);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (!"-".equals(token)) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                threads.submit(() -> {
                    while (next.getAndIncrement() < count && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status / 100 != 2) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s count=%d concurrency=%d errors=%d seconds=%.3f rate=%.0f/s%n",
            label, count, concurrency, errors.get(), seconds, count / seconds);
    }

    /** Counts POSTs (webhook deliveries, SMS gateway calls) until SECONDS have passed. */
    static void receiver(int port, int seconds) throws Exception {
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        byte[] ok = "{\"id\":\"bench\",\"message_id\":\"bench\"}".getBytes(StandardCharsets.UTF_8);
        // The JDK's server closes keep-alive connections past 200 idle ones by default: with the platform's pooled
        // connections and the bare client's 64 both open, the bare client saw connections reset under it (errors,
        // 4,000 instead of 10,000 requests/s). The receiver must not be what limits either side.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                if ("GET".equals(exchange.getRequestMethod()) && "/count".equals(exchange.getRequestURI().getPath())) {
                    byte[] answer = (count.get() + " " + first.get() + " " + last.get()).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, answer.length);
                    exchange.getResponseBody().write(answer);
                    return;
                }
                if ("POST".equals(exchange.getRequestMethod()) && "/reset".equals(exchange.getRequestURI().getPath())) {
                    count.set(0);
                    first.set(0);
                    last.set(0);
                    exchange.sendResponseHeaders(204, -1);
                    return;
                }
                long now = System.nanoTime();
                if (count.incrementAndGet() == 1) {
                    first.set(now);
                }
                last.accumulateAndGet(now, Math::max);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } catch (IOException e) {
                // the sender gave up; nothing to count
            }
        });
        server.start();
        System.out.println("receiver listening on 127.0.0.1:" + port);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        server.stop(0);
        System.exit(0);
    }
}
