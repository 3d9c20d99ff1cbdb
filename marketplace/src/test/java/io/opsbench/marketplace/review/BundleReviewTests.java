package io.opsbench.marketplace.review;

import static io.opsbench.marketplace.review.TestPlugins.Bundle;
import static io.opsbench.marketplace.review.TestPlugins.compile;
import static io.opsbench.marketplace.review.TestPlugins.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsbench.plugin.PluginApi;
import io.opsbench.pluginhost.manifest.Semver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundleReviewTests {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path work;

    private static BundleReview review;

    private static BundleReview review() {
        if (review == null) {
            review = new BundleReview(ReviewSettings.defaults(work).withSandboxTimeout(Duration.ofSeconds(15)));
        }
        return review;
    }

    private static ReviewReport review(byte[] bundle) {
        return review().review(bundle, SubmissionHistory.firstSubmission(TestPlugins.VENDOR));
    }

    // --- the good path ---------------------------------------------------------------------------------------

    @Test
    void aGoodBundlePassesEveryCheck() {
        byte[] bundle = Bundle.good().bytes();

        ReviewReport report = review().review(bundle, history(Optional.of(TestPlugins.VENDOR), "0.9.0", "1.0.0-rc.1"));

        assertAllPassed(report);
        assertThat(report.sha256()).isEqualTo(sha256(bundle));
        assertThat(report.manifest()).hasValueSatisfying(m -> assertThat(m.pluginKey()).isEqualTo("com.example.good@1.0.0"));
        assertThat(report.check("version").orElseThrow().message()).contains("follows 1.0.0-rc.1");
        assertThat(report.check("extensions").orElseThrow().message()).contains("sms (com.example.good.GoodSender)");
        assertThat(report.check("config_schema").orElseThrow().message()).contains("secret (writeOnly) properties: token");
        assertThat(report.check("sandbox_load").orElseThrow().message()).contains("com.example.good@1.0.0 loaded");
    }

    @Test
    void theSamplePluginBuiltFromItsSourcesPassesEveryCheckQuickly() throws IOException {
        Path sample = Path.of("..", "sample-plugin", "src", "main");
        byte[] bundle = Bundle.of(Files.readString(sample.resolve("bundle/manifest.json")), compile(TestPlugins.sources(sample.resolve("java"))))
            .bytes();

        long started = System.nanoTime();
        review(bundle);
        long firstMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        started = System.nanoTime();
        ReviewReport report = review(bundle);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertAllPassed(report);
        System.out.println("Review of the sample plugin, sandbox JVM included: " + millis + " ms (first review in this JVM, with warm-up: "
            + firstMillis + " ms); " + report.check("sandbox_load").orElseThrow().message());
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void theSampleBundleTheBuildProducedPassesEveryCheck() throws IOException {
        Path target = Path.of("..", "sample-plugin", "target");
        Optional<Path> zip = Files.isDirectory(target)
            ? Files.list(target).filter(p -> p.getFileName().toString().endsWith("-bundle.zip")).findFirst()
            : Optional.empty();
        assumeTrue(zip.isPresent(), "sample-plugin has not been packaged in this work tree");

        ReviewReport report = review(Files.readAllBytes(zip.get()));

        assertAllPassed(report);
    }

    // --- 1. archive_safety -----------------------------------------------------------------------------------

    @Test
    void refusesAParentSegmentAndSkipsEverythingElse() {
        ReviewReport report = review(Bundle.good().file("../evil", utf8("x")).bytes());

        assertRefusedArchive(report, "../evil", "PARENT_SEGMENT");
    }

    @Test
    void refusesAnAbsolutePath() {
        assertRefusedArchive(review(Bundle.good().file("/etc/cron.d/evil", utf8("x")).bytes()), "/etc/cron.d/evil", "ABSOLUTE_PATH");
    }

    @Test
    void refusesDuplicateEntries() {
        byte[] zip = commonsZip(out -> {
            entry(out, "manifest.json", utf8(TestPlugins.goodManifest()));
            entry(out, "manifest.json", utf8(TestPlugins.manifest("com.example.other", "1.0.0", "\"sms\"", ">=1.0.0")));
        });
        assertRefusedArchive(review(zip), "manifest.json", "DUPLICATE_ENTRY");
    }

    @Test
    void refusesSymlinkEntries() {
        byte[] zip = commonsZip(out -> {
            entry(out, "manifest.json", utf8(TestPlugins.goodManifest()));
            ZipArchiveEntry link = new ZipArchiveEntry("lib/secrets.jar");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write(utf8("/var/lib/opsbench/data.key"));
            out.closeArchiveEntry();
        });
        assertRefusedArchive(review(zip), "lib/secrets.jar", "SYMLINK");
    }

    @Test
    void refusesAZipBombFastWithoutInflatingIt() {
        byte[] zeros = new byte[(int) MIB];
        byte[] bomb = commonsZip(out -> {
            entry(out, "manifest.json", utf8(TestPlugins.goodManifest()));
            out.putArchiveEntry(new ZipArchiveEntry("classes/zeros.bin"));
            for (int i = 0; i < 128; i++) {
                out.write(zeros);
            }
            out.closeArchiveEntry();
        });
        assertThat(bomb.length).isLessThan((int) MIB);

        long started = System.nanoTime();
        ReviewReport report = review(bomb);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertRefusedArchive(report, "classes/zeros.bin", "COMPRESSION_RATIO_EXCEEDED");
        assertThat(millis).isLessThan(1_000);
    }

    @Test
    void refusesAZipBombInsideABundledJar() {
        byte[] zeros = new byte[(int) MIB];
        byte[] jar = commonsZip(out -> {
            out.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
            out.closeArchiveEntry();
        });

        ReviewReport report = review(Bundle.good().file("lib/innocent.jar", jar).bytes());

        assertRefusedArchive(report, "lib/innocent.jar!zeros.bin", "COMPRESSION_RATIO_EXCEEDED");
    }

    @Test
    void refusesSomethingThatIsNotAZipButStillRecordsItsDigest() {
        byte[] garbage = utf8("definitely not a zip");

        ReviewReport report = review(garbage);

        assertRefusedArchive(report, "bundle", "UNREADABLE");
        assertThat(report.sha256()).isEqualTo(sha256(garbage));
    }

    @Test
    void warnsAboutEntriesOutsideTheBundleLayout() {
        ReviewReport report = review(Bundle.good().file("README.txt", utf8("hello")).bytes());

        CheckResult archive = assertCheck(report, "archive_safety", CheckStatus.WARNING);
        assertThat(archive.findings()).singleElement().satisfies(f -> assertThat(f.location()).isEqualTo("README.txt"));
        assertThat(report.passed()).isTrue();
    }

    // --- 2. manifest -----------------------------------------------------------------------------------------

    @Test
    void aMissingManifestFailsAndSkipsTheChecksThatNeedIt() {
        ReviewReport report = review(Bundle.good().without("manifest.json").bytes());

        CheckResult manifest = assertCheck(report, "manifest", CheckStatus.FAILED);
        assertThat(manifest.findings()).singleElement().satisfies(f -> assertThat(f.location()).isEqualTo("manifest.json"));
        for (String skipped : List.of("version", "platform_compatibility", "extensions", "config_schema", "sandbox_load")) {
            assertThat(assertCheck(report, skipped, CheckStatus.SKIPPED).message()).contains("manifest");
        }
        assertCheck(report, "no_bundled_platform", CheckStatus.PASSED);
        assertCheck(report, "bytecode_scan", CheckStatus.PASSED);
        assertThat(report.manifest()).isEmpty();
    }

    @Test
    void anInvalidManifestFailsWithAPointerToTheBadValue() {
        String manifest = TestPlugins.manifest("com.example.good", "1.0", "\"sms\"", ">=1.0.0");

        ReviewReport report = review(Bundle.good().manifest(manifest).bytes());

        CheckResult check = assertCheck(report, "manifest", CheckStatus.FAILED);
        assertThat(check.findings()).extracting(Finding::location).contains("manifest.json#/version");
        assertCheck(report, "version", CheckStatus.SKIPPED);
        assertCheck(report, "sandbox_load", CheckStatus.SKIPPED);
    }

    // --- 3. version ------------------------------------------------------------------------------------------

    @Test
    void aVersionNotGreaterThanAnEarlierSubmissionFails() {
        ReviewReport report = review().review(Bundle.good().bytes(), history(Optional.of(TestPlugins.VENDOR), "0.9.0", "1.0.0"));

        CheckResult version = assertCheck(report, "version", CheckStatus.FAILED);
        assertThat(version.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("manifest.json#/version");
            assertThat(f.message()).contains("1.0.0 is not greater than 1.0.0");
        });
        assertThat(assertCheck(report, "sandbox_load", CheckStatus.SKIPPED).message()).contains("version failed");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aPluginIdOwnedByAnotherVendorFails() {
        ReviewReport report = review().review(Bundle.good().bytes(), history(Optional.of("vendor-other")));

        CheckResult version = assertCheck(report, "version", CheckStatus.FAILED);
        assertThat(version.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("manifest.json#/id");
            assertThat(f.message()).contains("belongs to another vendor");
        });
    }

    // --- 4. platform_compatibility ---------------------------------------------------------------------------

    @Test
    void aPlatformRangeExcludingTheRunningApiFails() {
        String manifest = TestPlugins.manifest("com.example.good", "1.0.0", "\"sms\"", ">=2.0.0");

        ReviewReport report = review(Bundle.good().manifest(manifest).bytes());

        CheckResult platform = assertCheck(report, "platform_compatibility", CheckStatus.FAILED);
        assertThat(platform.message()).contains("'>=2.0.0' excludes plugin-api " + PluginApi.VERSION);
        assertThat(platform.findings()).extracting(Finding::location).containsExactly("manifest.json#/platform");
    }

    // --- 5. extensions ---------------------------------------------------------------------------------------

    @Test
    void aDeclaredCapabilityWithoutAnExtensionFails() {
        String manifest = TestPlugins.manifest("com.example.good", "1.0.0", "\"sms\", \"email\"", ">=1.0.0");

        ReviewReport report = review(Bundle.good().manifest(manifest).bytes());

        CheckResult extensions = assertCheck(report, "extensions", CheckStatus.FAILED);
        assertThat(extensions.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("manifest.json#/capabilities/1");
            assertThat(f.message()).contains("io.opsbench.plugin.email.EmailSender");
        });
    }

    @Test
    void anExtensionImplementingAnUndeclaredCapabilityThroughItsSuperclassFails() {
        Map<String, String> sources = Map.of(
            "com.example.sneaky.MailingBase", """
                package com.example.sneaky;

                import io.opsbench.plugin.PluginContext;
                import io.opsbench.plugin.email.EmailMessage;
                import io.opsbench.plugin.email.EmailReceipt;
                import io.opsbench.plugin.email.EmailSender;

                public abstract class MailingBase implements EmailSender {
                    @Override
                    public EmailReceipt send(PluginContext context, EmailMessage message) {
                        return new EmailReceipt("mail");
                    }
                }
                """,
            "com.example.sneaky.SmsAndMail", """
                package com.example.sneaky;

                import io.opsbench.plugin.PluginContext;
                import io.opsbench.plugin.sms.SmsMessage;
                import io.opsbench.plugin.sms.SmsReceipt;
                import io.opsbench.plugin.sms.SmsSender;
                import org.pf4j.Extension;

                @Extension
                public class SmsAndMail extends MailingBase implements SmsSender {
                    @Override
                    public SmsReceipt send(PluginContext context, SmsMessage message) {
                        return new SmsReceipt("sms");
                    }
                }
                """);

        ReviewReport report = review(Bundle.of(TestPlugins.goodManifest(), compile(sources)).bytes());

        CheckResult extensions = assertCheck(report, "extensions", CheckStatus.FAILED);
        assertThat(extensions.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("classes/com/example/sneaky/SmsAndMail.class");
            assertThat(f.message()).contains("implements EmailSender, but the manifest does not declare the capability 'email'");
        });
    }

    @Test
    void aBundleWithoutAnExtensionIndexFailsLoudly() {
        ReviewReport report = review(Bundle.good().without("classes/META-INF/extensions.idx").bytes());

        CheckResult extensions = assertCheck(report, "extensions", CheckStatus.FAILED);
        assertThat(extensions.message()).contains("lists no extensions", "missing");
        assertThat(extensions.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("classes/META-INF/extensions.idx");
            assertThat(f.message()).contains("@Extension", "annotation processor");
        });
    }

    @Test
    void anIndexedClassThatIsMissingOrCannotBeCreatedFails() {
        Map<String, byte[]> classes = new LinkedHashMap<>(compile(Map.of("com.example.good.GoodSender", TestPlugins.GOOD_SENDER,
            "com.example.good.NeedsArguments", """
                package com.example.good;

                import io.opsbench.plugin.PluginContext;
                import io.opsbench.plugin.sms.SmsMessage;
                import io.opsbench.plugin.sms.SmsReceipt;
                import io.opsbench.plugin.sms.SmsSender;
                import org.pf4j.Extension;

                @Extension
                public class NeedsArguments implements SmsSender {
                    public NeedsArguments(String gateway) {
                    }

                    @Override
                    public SmsReceipt send(PluginContext context, SmsMessage message) {
                        return new SmsReceipt("x");
                    }
                }
                """)));
        String index = new String(classes.get("META-INF/extensions.idx"), StandardCharsets.UTF_8) + "com.example.good.Ghost\n";
        classes.put("META-INF/extensions.idx", utf8(index));

        ReviewReport report = review(Bundle.of(TestPlugins.goodManifest(), classes).bytes());

        CheckResult extensions = assertCheck(report, "extensions", CheckStatus.FAILED);
        assertThat(extensions.findings()).extracting(Finding::location, Finding::message).containsExactlyInAnyOrder(
            tuple("classes/com/example/good/NeedsArguments.class", "extension com.example.good.NeedsArguments"
                + " must be a public, concrete class with a public no-argument constructor: the platform creates it with that constructor"),
            tuple("classes/META-INF/extensions.idx", "lists com.example.good.Ghost, which is not a class of the bundle"));
    }

    @Test
    void anEmptyExtensionIndexFailsLoudly() {
        ReviewReport report = review(Bundle.good().file("classes/META-INF/extensions.idx", utf8("# nothing\n")).bytes());

        assertThat(assertCheck(report, "extensions", CheckStatus.FAILED).message()).contains("is empty");
    }

    // --- 6. no_bundled_platform ------------------------------------------------------------------------------

    @Test
    void aBundledCopyOfAPluginApiClassFails() {
        byte[] apiClass = resource("io/opsbench/plugin/PluginApi.class");

        ReviewReport report = review(Bundle.good().file("classes/io/opsbench/plugin/PluginApi.class", apiClass).bytes());

        CheckResult bundled = assertCheck(report, "no_bundled_platform", CheckStatus.FAILED);
        assertThat(bundled.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("classes/io/opsbench/plugin/PluginApi.class");
            assertThat(f.message()).contains("plugin-api", "provided");
        });
    }

    @Test
    void aBundledCopyOfPf4jInALibJarFails() {
        Map<String, byte[]> pf4j = new LinkedHashMap<>();
        pf4j.put("org/pf4j/Extension.class", resource("org/pf4j/Extension.class"));
        pf4j.put("org/pf4j/ExtensionPoint.class", resource("org/pf4j/ExtensionPoint.class"));

        ReviewReport report = review(Bundle.good().lib("pf4j-3.14.1.jar", pf4j).bytes());

        CheckResult bundled = assertCheck(report, "no_bundled_platform", CheckStatus.FAILED);
        assertThat(bundled.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("lib/pf4j-3.14.1.jar!org/pf4j/Extension.class");
            assertThat(f.message()).startsWith("2 file(s) of PF4J");
        });
    }

    // --- 7. bytecode_scan ------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "String leak = System.getenv(\"DATABASE_URL\");                         | calls java.lang.System.getenv(String)              | secrets",
        "try { Runtime.getRuntime().exec(new String[] {\"sh\"}); } catch (java.io.IOException e) { } | calls java.lang.Runtime.exec(String[]) | process",
        "try { Class.forName(\"io.opsbench.platform.Main\"); } catch (ClassNotFoundException e) { } | calls java.lang.Class.forName(String) | classloader escape hatch",
        "try { java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\")); } catch (java.io.IOException e) { } | uses java.nio.file.Files | file-system access",
    })
    void aForbiddenCallInThePluginsOwnClassesIsAnError(String statement, String described, String why) {
        ReviewReport report = review(Bundle.of(TestPlugins.goodManifest(), compile(Map.of("com.example.bad.BadSender", badSender(statement))))
            .bytes());

        CheckResult scan = assertCheck(report, "bytecode_scan", CheckStatus.FAILED);
        assertThat(scan.findings()).filteredOn(f -> f.message().startsWith(described)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo("error");
            assertThat(f.location()).isEqualTo("com.example.bad.BadSender#send(PluginContext, SmsMessage)");
            assertThat(f.message()).contains(why);
        });
        assertCheck(report, "sandbox_load", CheckStatus.SKIPPED);
    }

    @Test
    void aForbiddenCallInsideABundledJarIsAWarningAndTheSubmissionStillPasses() {
        Map<String, byte[]> library = compile(Map.of("org.acme.util.Settings", """
            package org.acme.util;

            public final class Settings {
                public static String home() {
                    return System.getenv("HOME");
                }
            }
            """));

        ReviewReport report = review(Bundle.good().lib("acme-util-1.0.jar", library).bytes());

        CheckResult scan = assertCheck(report, "bytecode_scan", CheckStatus.WARNING);
        assertThat(scan.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo("warning");
            assertThat(f.location()).isEqualTo("lib/acme-util-1.0.jar!org.acme.util.Settings#home()");
            assertThat(f.message()).startsWith("calls java.lang.System.getenv(String)");
        });
        assertThat(scan.message()).contains("lib/acme-util-1.0.jar");
        assertThat(report.passed()).isTrue();
        assertCheck(report, "sandbox_load", CheckStatus.PASSED);
    }

    @Test
    void aCallToAPluginApiMemberTheRunningApiLacksIsAnError(@TempDir Path stubs) {
        // Compile against a newer-looking plugin-api: stubs that shadow the real classes, then leave them out.
        TestPlugins.compileTo(stubs, Map.of(
            "io.opsbench.plugin.PluginApi", """
                package io.opsbench.plugin;

                public final class PluginApi {
                    public static final String VERSION = "1.1.0";
                    public static String releaseNotes() { return ""; }
                }
                """,
            "io.opsbench.plugin.sms.DeliveryReport", """
                package io.opsbench.plugin.sms;

                public record DeliveryReport(String messageId) { }
                """), List.of());
        String sender = badSender("String notes = io.opsbench.plugin.PluginApi.releaseNotes(); "
            + "io.opsbench.plugin.sms.DeliveryReport report = new io.opsbench.plugin.sms.DeliveryReport(\"x\");");
        Map<String, byte[]> classes = compile(Map.of("com.example.bad.BadSender", sender), List.of(stubs));

        ReviewReport report = review(Bundle.of(TestPlugins.goodManifest(), classes).bytes());

        CheckResult scan = assertCheck(report, "bytecode_scan", CheckStatus.FAILED);
        assertThat(scan.findings()).extracting(Finding::message)
            .anySatisfy(m -> assertThat(m).startsWith("calls io.opsbench.plugin.PluginApi.releaseNotes()")
                .contains("does not exist in the running plugin-api " + PluginApi.VERSION, "NoSuchMethodError"))
            .anySatisfy(m -> assertThat(m).startsWith("uses io.opsbench.plugin.sms.DeliveryReport").contains("NoClassDefFoundError"));
        assertThat(scan.findings()).allSatisfy(f -> assertThat(f.location()).startsWith("com.example.bad.BadSender#send("));
    }

    // --- 8. config_schema ------------------------------------------------------------------------------------

    @Test
    void anInvalidConfigSchemaFailsItsOwnCheckWhileTheManifestPasses() {
        String manifest = TestPlugins.manifest("com.example.good", "1.0.0", "\"sms\"", ">=1.0.0", "{\"type\": 12}");

        ReviewReport report = review(Bundle.good().manifest(manifest).bytes());

        assertCheck(report, "manifest", CheckStatus.PASSED);
        CheckResult schema = assertCheck(report, "config_schema", CheckStatus.FAILED);
        assertThat(schema.findings()).extracting(Finding::location).contains("manifest.json#/config_schema/type");
        assertThat(assertCheck(report, "sandbox_load", CheckStatus.SKIPPED).message()).contains("config_schema failed");
        assertThat(report.manifest()).isPresent();
    }

    @Test
    void anUnusableConfigSchemaFailsWithAPointerIntoIt() {
        String schema = "{\"type\": \"object\", \"properties\": {\"endpoint\": {\"$ref\": \"https://evil.example/schema.json\"}}}";
        String manifest = TestPlugins.manifest("com.example.good", "1.0.0", "\"sms\"", ">=1.0.0", schema);

        ReviewReport report = review(Bundle.good().manifest(manifest).bytes());

        assertThat(assertCheck(report, "config_schema", CheckStatus.FAILED).findings())
            .extracting(Finding::location).containsExactly("manifest.json#/config_schema/properties/endpoint/$ref");
    }

    @Test
    void noConfigSchemaMeansNoConfiguration() {
        String manifest = TestPlugins.manifest("com.example.good", "1.0.0", "\"sms\"", ">=1.0.0", null);

        ReviewReport report = review(Bundle.good().manifest(manifest).bytes());

        assertThat(assertCheck(report, "config_schema", CheckStatus.PASSED).message()).isEqualTo("no configuration");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static String badSender(String statement) {
        return """
            package com.example.bad;

            import io.opsbench.plugin.PluginContext;
            import io.opsbench.plugin.sms.SmsMessage;
            import io.opsbench.plugin.sms.SmsReceipt;
            import io.opsbench.plugin.sms.SmsSender;
            import org.pf4j.Extension;

            @Extension
            public class BadSender implements SmsSender {
                @Override
                public SmsReceipt send(PluginContext context, SmsMessage message) {
                    %s
                    return new SmsReceipt("x");
                }
            }
            """.formatted(statement);
    }

    static void assertAllPassed(ReviewReport report) {
        assertThat(report.checks()).extracting(CheckResult::name).containsExactlyElementsOf(BundleReview.CHECKS);
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.status()).as(c.name() + ": " + c.message() + " " + c.findings())
            .isEqualTo(CheckStatus.PASSED));
        assertThat(report.passed()).isTrue();
    }

    static CheckResult assertCheck(ReviewReport report, String name, CheckStatus status) {
        assertThat(report.checks()).extracting(CheckResult::name).containsExactlyElementsOf(BundleReview.CHECKS);
        CheckResult check = report.check(name).orElseThrow();
        assertThat(check.status()).as(name + ": " + check.message() + " " + check.findings()).isEqualTo(status);
        assertThat(check.message()).isNotBlank();
        return check;
    }

    private static void assertRefusedArchive(ReviewReport report, String location, String reason) {
        CheckResult archive = assertCheck(report, "archive_safety", CheckStatus.FAILED);
        assertThat(archive.message()).contains(reason);
        assertThat(archive.findings()).singleElement().satisfies(f -> assertThat(f.location()).isEqualTo(location));
        assertThat(report.checks().subList(1, report.checks().size())).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(c.message()).contains("archive was refused");
        });
        assertThat(report.manifest()).isEmpty();
        assertThat(report.passed()).isFalse();
    }

    private static SubmissionHistory history(Optional<String> owner, String... earlierVersions) {
        return new SubmissionHistory() {
            @Override
            public String submittingVendorId() {
                return TestPlugins.VENDOR;
            }

            @Override
            public Optional<String> owner(String pluginId) {
                return owner;
            }

            @Override
            public List<Semver> earlierVersions(String pluginId) {
                return Arrays.stream(earlierVersions).map(Semver::parse).toList();
            }
        };
    }

    private static byte[] resource(String name) {
        try (InputStream in = BundleReviewTests.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Entries {
        void write(ZipArchiveOutputStream out) throws IOException;
    }

    private static byte[] commonsZip(Entries entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            entries.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipArchiveOutputStream out, String name, byte[] content) throws IOException {
        out.putArchiveEntry(new ZipArchiveEntry(name));
        out.write(content);
        out.closeArchiveEntry();
    }
}
