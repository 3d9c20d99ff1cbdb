package io.opsbench.marketplace.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Check 9: loads the bundle in a separate, short-lived JVM ({@link SandboxLoad}) so unreviewed vendor code never
 * runs in the platform's JVM. The sandbox JVM has a small heap, an empty environment, its own temporary
 * directory as working directory and {@code java.io.tmpdir}, a classpath of only the plugin runtime, and a hard
 * timeout after which it is killed with everything it started. It is not an operating-system sandbox: see
 * docs/marketplace.md.
 */
final class SandboxCheck {

    static final String NAME = "sandbox_load";
    static final String MAIN_CLASS = "io.opsbench.marketplace.review.SandboxLoad";
    private static final int OUTPUT_LIMIT = 64 * 1024;
    private static final int MESSAGE_LIMIT = 2_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReviewSettings settings;
    // Each sandbox is a JVM of its own: bound how many run at once so a burst of submissions cannot exhaust the host.
    private final Semaphore running = new Semaphore(2);
    private volatile List<Path> classpath;

    SandboxCheck(ReviewSettings settings) {
        this.settings = settings;
    }

    CheckResult run(SubmittedBundle bundle) {
        Path work;
        try {
            Files.createDirectories(settings.sandboxWorkDir());
            work = Files.createTempDirectory(settings.sandboxWorkDir(), "sandbox-");
        } catch (IOException e) {
            return failed("The sandbox could not be prepared: " + e.getMessage(), "sandbox");
        }
        try {
            Path exploded = work.resolve("bundle");
            Path tmp = Files.createDirectories(work.resolve("tmp"));
            bundle.archive().extractTo(exploded);
            running.acquire();
            try {
                return launch(work, exploded, tmp);
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("The sandbox load was interrupted.", "sandbox");
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return failed("The sandbox could not be started: " + e.getMessage(), "sandbox");
        } finally {
            deleteRecursively(work);
        }
    }

    private CheckResult launch(Path work, Path exploded, Path tmp) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(exploded, tmp)).directory(work.toFile());
        // The platform's environment holds its secrets (database URL, data key): the plugin gets none of it.
        builder.environment().clear();
        String token = HexFormat.of().formatHex(randomBytes());
        long started = System.nanoTime();
        Process process = builder.start();
        Capture stdout = Capture.start(process.getInputStream());
        Capture stderr = Capture.start(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((token + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The JVM died before reading its token; its exit status and output tell why.
        }
        Duration timeout = settings.sandboxTimeout();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        stdout.join();
        stderr.join();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (!exited) {
            return failed("The plugin did not load within " + timeout.toSeconds() + " s in the sandbox JVM and was killed: a constructor or start-up"
                + " code blocks or spins." + tail(stderr), "sandbox");
        }
        Optional<String> result = stdout.text().lines().filter(l -> l.startsWith(token + " ")).map(l -> l.substring(token.length() + 1)).findFirst();
        int exit = process.exitValue();
        if (exit == SandboxLoad.EXIT_OK && result.isPresent() && result.get().startsWith(SandboxLoad.OK + " ")) {
            return CheckResult.passed(NAME, "In a separate JVM (" + millis + " ms), " + result.get().substring(SandboxLoad.OK.length() + 1) + ".");
        }
        if (result.isPresent() && result.get().startsWith(SandboxLoad.FAILED + " ")) {
            String reason = limit(result.get().substring(SandboxLoad.FAILED.length() + 1));
            return failed("The plugin failed to load in the sandbox JVM: " + reason, "sandbox");
        }
        return failed("The sandbox JVM exited with status " + exit + " without a result: the plugin stopped the JVM or it crashed."
            + tail(stderr), "sandbox");
    }

    private List<String> command(Path exploded, Path tmp) {
        List<Path> entries = classpath;
        if (entries == null) {
            entries = SandboxClasspath.resolve(settings.sandboxWorkDir().resolve("classpath-cache"));
            classpath = entries;
        }
        return List.of(
            settings.javaExecutable().toString(),
            "-Xmx" + settings.sandboxHeap(),
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
            "-Djava.awt.headless=true",
            "-cp", SandboxClasspath.join(entries),
            MAIN_CLASS,
            exploded.toAbsolutePath().toString());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static CheckResult failed(String message, String location) {
        return CheckResult.failed(NAME, limit(message), List.of(Finding.error(location, limit(message))));
    }

    private static String tail(Capture stderr) {
        String text = stderr.text().strip();
        if (text.isEmpty()) {
            return "";
        }
        return " Its error output ends: " + (text.length() > 600 ? "…" + text.substring(text.length() - 600) : text);
    }

    private static String limit(String text) {
        return text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) + "…" : text;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Best effort: the work directory lives under sandboxWorkDir, which the operator can clear.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // As above.
        }
    }

    /** Drains a stream on a virtual thread, keeping the first {@link #OUTPUT_LIMIT} bytes and discarding the rest. */
    private static final class Capture {

        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        private Capture(InputStream in) {
            this.thread = Thread.ofVirtual().name("sandbox-output").start(() -> drain(in));
        }

        static Capture start(InputStream in) {
            return new Capture(in);
        }

        private void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    synchronized (kept) {
                        int room = OUTPUT_LIMIT - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, read));
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone; what was read is all there is.
            }
        }

        void join() throws InterruptedException {
            // A grandchild process may hold the pipe open; it was killed with the JVM, so this returns promptly.
            thread.join(Duration.ofSeconds(5));
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
