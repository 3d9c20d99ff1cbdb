package io.opsbench.marketplace.review;

import static io.opsbench.marketplace.review.BundleReviewTests.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launches real sandbox JVMs. */
class SandboxLoadTests {

    @TempDir
    Path work;

    private ReviewReport review(String constructorBody, Duration timeout) {
        String source = """
            package com.example.sandbox;

            import io.opsbench.plugin.PluginContext;
            import io.opsbench.plugin.sms.SmsMessage;
            import io.opsbench.plugin.sms.SmsReceipt;
            import io.opsbench.plugin.sms.SmsSender;
            import org.pf4j.Extension;

            @Extension
            public class Misbehaving implements SmsSender {
                public Misbehaving() {
                    %s
                }

                @Override
                public SmsReceipt send(PluginContext context, SmsMessage message) {
                    return new SmsReceipt("x");
                }
            }
            """.formatted(constructorBody);
        byte[] bundle = TestPlugins.Bundle.of(TestPlugins.goodManifest(), TestPlugins.compile(Map.of("com.example.sandbox.Misbehaving", source)))
            .bytes();
        BundleReview review = new BundleReview(ReviewSettings.defaults(work).withSandboxTimeout(timeout));
        return review.review(bundle, SubmissionHistory.firstSubmission(TestPlugins.VENDOR));
    }

    @Test
    void anExtensionWhoseConstructorThrowsFailsWithTheReason() {
        ReviewReport report = review("if (\"\".isEmpty()) { throw new IllegalStateException(\"no gateway configured at start-up\"); }",
            Duration.ofSeconds(15));

        CheckResult sandbox = assertCheck(report, "sandbox_load", CheckStatus.FAILED);
        assertThat(sandbox.message()).contains("EXTENSION_BROKEN", "com.example.sandbox.Misbehaving", "failed in its constructor",
            "IllegalStateException: no gateway configured at start-up");
        assertThat(report.passed()).isFalse();
        assertThat(leftovers()).as("temporary directories are deleted").isEmpty();
    }

    @Test
    void anExtensionThatSpinsForeverIsKilledAtTheTimeout() {
        long started = System.nanoTime();
        ReviewReport report = review("long n = 0; while (n >= 0) { n = (n + 1) % 1000; }", Duration.ofSeconds(4));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        CheckResult sandbox = assertCheck(report, "sandbox_load", CheckStatus.FAILED);
        assertThat(sandbox.message()).contains("did not load within 4 s", "killed");
        assertThat(took).isLessThan(Duration.ofSeconds(12));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aPluginThatStopsTheJvmAfterPrintingAFakeResultFails(@TempDir Path library) {
        // System.exit in a bundled jar is only a warning, so this plugin reaches the sandbox.
        TestPlugins.compileTo(library, Map.of("org.acme.Quitter", """
            package org.acme;

            public final class Quitter {
                public static void quit() {
                    System.out.println("ok com.example.good@1.0.0 loaded");
                    System.exit(0);
                }
            }
            """), List.of());
        String extension = """
            package com.example.sandbox;

            import io.opsbench.plugin.PluginContext;
            import io.opsbench.plugin.sms.SmsMessage;
            import io.opsbench.plugin.sms.SmsReceipt;
            import io.opsbench.plugin.sms.SmsSender;
            import org.pf4j.Extension;

            @Extension
            public class Quitting implements SmsSender {
                public Quitting() {
                    org.acme.Quitter.quit();
                }

                @Override
                public SmsReceipt send(PluginContext context, SmsMessage message) {
                    return new SmsReceipt("x");
                }
            }
            """;
        byte[] bundle = TestPlugins.Bundle.of(TestPlugins.goodManifest(),
                TestPlugins.compile(Map.of("com.example.sandbox.Quitting", extension), List.of(library)))
            .lib("acme-quitter.jar", Map.of("org/acme/Quitter.class", read(library.resolve("org/acme/Quitter.class"))))
            .bytes();

        ReviewReport report = new BundleReview(ReviewSettings.defaults(work).withSandboxTimeout(Duration.ofSeconds(15)))
            .review(bundle, SubmissionHistory.firstSubmission(TestPlugins.VENDOR));

        assertCheck(report, "bytecode_scan", CheckStatus.WARNING);
        assertThat(assertCheck(report, "sandbox_load", CheckStatus.FAILED).message())
            .contains("exited with status 0 without a result", "stopped the JVM");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> leftovers() {
        try (Stream<Path> children = Files.list(work)) {
            return children.filter(p -> p.getFileName().toString().startsWith("sandbox-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
