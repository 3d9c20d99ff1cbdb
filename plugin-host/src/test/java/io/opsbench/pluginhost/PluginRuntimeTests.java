package io.opsbench.pluginhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsReceipt;
import io.opsbench.plugin.sms.SmsSender;
import io.opsbench.pluginhost.PluginCallFailed.Reason;
import io.opsbench.pluginhost.testkit.TestPluginContext;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRuntimeTests {

    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    static Path bundles;

    static Path version1;
    static Path version2;

    private final TestPluginContext tenantA = TestPluginContext.builder().tenantId("tenant-a").build();
    private PluginRuntime runtime;

    @BeforeAll
    static void buildBundles() {
        version1 = BehavingPlugin.build(bundles.resolve("v1"), "1.0.0");
        version2 = BehavingPlugin.build(bundles.resolve("v2"), "2.0.0");
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void loadsABundleAndCallsItsExtension() {
        runtime = runtime(CallSettings.DEFAULTS);
        LoadedPlugin plugin = runtime.load(version1);

        assertThat(plugin.pluginKey()).isEqualTo("com.example.behaving@1.0.0");
        assertThat(plugin.extensionClassNames()).containsExactly("com.example.behaving.BehavingSender");
        assertThat(send(plugin, "hello")).isEqualTo("1.0.0:tenant-a");
        assertThat(runtime.calls().stats(plugin)).isEqualTo(new CallStats(1, 0, 0, 0, false));
    }

    @Test
    void loadsTwoVersionsOfOnePluginSideBySide() {
        runtime = runtime(CallSettings.DEFAULTS);
        LoadedPlugin first = runtime.load(version1);
        LoadedPlugin second = runtime.load(version2);

        assertThat(send(first, "hello")).isEqualTo("1.0.0:tenant-a");
        assertThat(send(second, "hello")).isEqualTo("2.0.0:tenant-a");
        assertThat(first.classLoader()).isNotSameAs(second.classLoader());
        assertThat(runtime.loaded()).hasSize(2);

        runtime.unload(first);
        assertThat(send(second, "hello")).isEqualTo("2.0.0:tenant-a");
        assertThat(runtime.find("com.example.behaving@1.0.0")).isEmpty();
    }

    @Test
    void refusesToLoadTheSameVersionTwice() {
        runtime = runtime(CallSettings.DEFAULTS);
        runtime.load(version1);
        assertThatThrownBy(() -> runtime.load(version1))
            .isInstanceOfSatisfying(PluginLoadFailed.class, e -> assertThat(e.reason()).isEqualTo(PluginLoadFailed.Reason.ALREADY_LOADED));
    }

    @Test
    void unloadingLetsTheClassLoaderBeCollected() {
        runtime = runtime(CallSettings.DEFAULTS);
        WeakReference<ClassLoader> classLoader = loadCallAndUnload(runtime);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return classLoader.get() == null;
        });
    }

    private WeakReference<ClassLoader> loadCallAndUnload(PluginRuntime runtime) {
        LoadedPlugin plugin = runtime.load(version1);
        assertThat(send(plugin, "hello")).isEqualTo("1.0.0:tenant-a");
        WeakReference<ClassLoader> classLoader = new WeakReference<>(plugin.classLoader());
        runtime.unload(plugin);
        assertThat(plugin.isLoaded()).isFalse();
        assertThatThrownBy(() -> send(plugin, "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
        return classLoader;
    }

    @Test
    void aPluginCannotLoadHostClasses() {
        runtime = runtime(CallSettings.DEFAULTS);
        LoadedPlugin plugin = runtime.load(version1);

        for (String hostClass : List.of("io.opsbench.pluginhost.PluginRuntime", "tools.jackson.databind.ObjectMapper",
            "com.networknt.schema.SchemaRegistry", "org.apache.commons.compress.archivers.zip.ZipFile", "org.junit.jupiter.api.Test")) {
            assertThat(send(plugin, "forName " + hostClass)).as(hostClass).isEqualTo("not found");
            assertThat(send(plugin, "tcclForName " + hostClass)).as("through the context classloader: " + hostClass).isEqualTo("not found");
        }
        for (String visible : List.of("io.opsbench.plugin.sms.SmsSender", "org.pf4j.Extension", "java.net.http.HttpClient", "org.slf4j.Logger")) {
            assertThat(send(plugin, "forName " + visible)).as(visible).isEqualTo("loaded");
        }
    }

    @Test
    void theContextClassLoaderIsThePluginsDuringACall() {
        runtime = runtime(CallSettings.DEFAULTS);
        LoadedPlugin plugin = runtime.load(version1);

        assertThat(send(plugin, "tccl")).isEqualTo("plugin");
    }

    @Test
    void aThrowingPluginFailsOnlyThatCall() {
        runtime = runtime(CallSettings.DEFAULTS);
        LoadedPlugin plugin = runtime.load(version1);

        assertThatThrownBy(() -> send(plugin, "throw")).isInstanceOfSatisfying(PluginCallFailed.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.ERROR);
            assertThat(e.pluginId()).isEqualTo("com.example.behaving");
            assertThat(e.version()).isEqualTo("1.0.0");
            assertThat(e.pluginException()).hasValueSatisfying(p -> {
                assertThat(p.code()).isEqualTo("provider_rejected");
                assertThat(p.retryable()).isTrue();
            });
        });
        assertThat(send(plugin, "hello")).isEqualTo("1.0.0:tenant-a");
        assertThat(runtime.calls().stats(plugin)).isEqualTo(new CallStats(2, 1, 0, 0, false));
    }

    @Test
    void aSleepingPluginTimesOut() {
        runtime = runtime(CallSettings.DEFAULTS.withTimeout(SHORT));
        LoadedPlugin plugin = runtime.load(version1);

        assertThatThrownBy(() -> send(plugin, "sleep"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(runtime.calls().stats(plugin).timeouts()).isEqualTo(1);
    }

    @Test
    void aSpinningPluginExhaustsOnlyItsOwnPool() {
        runtime = runtime(new CallSettings(SHORT, 1, 0, 3, Duration.ofSeconds(30)));
        LoadedPlugin spinning = runtime.load(version1);
        LoadedPlugin other = runtime.load(version2);

        long started = System.nanoTime();
        assertThatThrownBy(() -> send(spinning, "spin"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        // Its only thread still spins (it ignores interrupts): further calls to it are refused at once...
        assertThatThrownBy(() -> send(spinning, "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
        // ...while another plugin answers promptly.
        assertThat(send(other, "hello")).isEqualTo("2.0.0:tenant-a");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_200));
        assertThat(runtime.calls().stats(spinning)).isEqualTo(new CallStats(2, 2, 1, 1, false));
    }

    @Test
    void theCircuitOpensAfterRepeatedTimeoutsAndClosesAfterTheCoolDown() {
        MutableClock clock = new MutableClock();
        runtime = new PluginRuntime(RuntimeSettings.DEFAULTS.withCalls(new CallSettings(Duration.ofMillis(200), 2, 4, 2, Duration.ofSeconds(30))), clock);
        LoadedPlugin plugin = runtime.load(version1);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> send(plugin, "sleep"))
                .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
        assertThatThrownBy(() -> send(plugin, "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN));
        assertThat(runtime.calls().stats(plugin).circuitOpen()).isTrue();
        // the breaker is the installation's: another installation of the version is called as usual
        assertThat(send(plugin, "installation-b", "hello")).isEqualTo("1.0.0:tenant-a");

        clock.advance(Duration.ofSeconds(31));
        assertThat(send(plugin, "hello")).isEqualTo("1.0.0:tenant-a");
        assertThat(runtime.calls().stats(plugin)).isEqualTo(new CallStats(5, 3, 2, 1, false));
    }

    @Test
    void anInstallationWhoseCallsHangHoldsOnlyItsOwnShareOfTheVersion() throws Exception {
        runtime = runtime(new CallSettings(SHORT, 2, 0, 3, Duration.ofSeconds(30)));
        LoadedPlugin plugin = runtime.load(version1);

        List<CompletableFuture<Throwable>> hanging = hang(plugin, "installation-a", 2);

        assertThatThrownBy(() -> send(plugin, "installation-a", "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.REJECTED);
                assertThat(e.getMessage()).contains("installation's calls");
            });
        assertThat(send(plugin, "installation-b", "hello")).isEqualTo("1.0.0:tenant-a");
        for (CompletableFuture<Throwable> call : hanging) {
            assertThat(call.get()).isInstanceOfSatisfying(PluginCallFailed.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
    }

    @Test
    void anInstallationsCallsWaitForItsShareWithinTheirTimeoutAndAStuckCallKeepsItsPlace() throws Exception {
        runtime = runtime(new CallSettings(SHORT, 1, 1, 100, Duration.ofSeconds(30)));
        LoadedPlugin plugin = runtime.load(version1);
        // spins for 1.5 s, ignoring the interrupt at its timeout: its thread, and its place, stay taken until then
        List<CompletableFuture<Throwable>> stuck = hang(plugin, "installation-a", 1, "spin");

        long started = System.nanoTime();
        assertThatThrownBy(() -> send(plugin, "installation-a", "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for its share")
            .isGreaterThanOrEqualTo(SHORT.minusMillis(50));
        assertThat(stuck.getFirst().get()).isInstanceOfSatisfying(PluginCallFailed.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        await().atMost(Duration.ofSeconds(5)).until(() -> catchThrowable(() -> send(plugin, "installation-a", "hello")) == null);
    }

    @Test
    void aCallersPlaceIsBackBeforeItSeesTheAnswer() {
        runtime = runtime(new CallSettings(SHORT, 1, 0, 3, Duration.ofSeconds(30)));
        LoadedPlugin plugin = runtime.load(version1);

        // one place and no room to wait: each call must find the previous call's place free again
        for (int i = 0; i < 500; i++) {
            assertThat(send(plugin, "installation-a", "hello")).isEqualTo("1.0.0:tenant-a");
        }
        assertThat(runtime.calls().stats(plugin).rejections()).isZero();
    }

    @Test
    void theVersionsThreadsAreBoundedForAllItsInstallationsTogether() throws Exception {
        runtime = runtime(new CallSettings(SHORT, 2, 0, 3, Duration.ofSeconds(30), 2));
        LoadedPlugin plugin = runtime.load(version1);

        List<CompletableFuture<Throwable>> hanging = hang(plugin, "installation-a", 2);

        assertThatThrownBy(() -> send(plugin, "installation-b", "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.REJECTED);
                assertThat(e.getMessage()).contains("all 2 of the plugin version's threads");
            });
        hanging.forEach(CompletableFuture::join);
    }

    @Test
    void callsWhoseCallersGaveUpLeaveTheVersionsThreadsToItsOtherInstallations() throws Exception {
        runtime = runtime(new CallSettings(SHORT, 2, 0, 3, Duration.ofSeconds(30), 2));
        LoadedPlugin plugin = runtime.load(version1);

        // both of the version's places, held by calls that ignore their interrupt for 1.5 s
        List<CompletableFuture<Throwable>> stuck = hang(plugin, "installation-a", 2, "stuck");
        for (CompletableFuture<Throwable> call : stuck) {
            assertThat(call.get()).isInstanceOfSatisfying(PluginCallFailed.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
        }
        assertThat(runtime.calls().abandoned()).isEqualTo(2);

        // their callers gave up: the version's places are free for the installations whose calls answer...
        assertThat(send(plugin, "installation-b", "hello")).isEqualTo("1.0.0:tenant-a");
        assertThat(send(plugin, "installation-c", "hello")).isEqualTo("1.0.0:tenant-a");
        // ...while the stuck threads still count against their own installation's share
        assertThatThrownBy(() -> send(plugin, "installation-a", "hello"))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> assertThat(e.getMessage()).contains("installation's calls"));
        assertThat(runtime.calls().running()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.calls().running() == 0);
        assertThat(runtime.calls().abandoned()).isZero();
        assertThat(send(plugin, "installation-a", "hello")).isEqualTo("1.0.0:tenant-a");
    }

    @Test
    void theNodesThreadsBoundEveryVersionsCallsAbandonedOnesIncluded() throws Exception {
        runtime = runtime(new CallSettings(SHORT, 2, 0, 3, Duration.ofSeconds(30), 2, 2));
        LoadedPlugin plugin = runtime.load(version1);
        LoadedPlugin other = runtime.load(version2);

        List<CompletableFuture<Throwable>> stuck = hang(plugin, "installation-a", 2, "stuck");
        stuck.forEach(CompletableFuture::join);

        for (LoadedPlugin version : List.of(plugin, other)) {
            assertThatThrownBy(() -> send(version, "installation-b", "hello"))
                .isInstanceOfSatisfying(PluginCallFailed.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REJECTED);
                    assertThat(e.getMessage()).contains("all 2 of the node's plugin threads");
                });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> catchThrowable(() -> send(other, "installation-b", "hello")) == null);
        assertThat(runtime.calls().running()).isZero();
    }

    /** Starts {@code count} calls of the installation that sleep until their timeout, once each has its thread. */
    private List<CompletableFuture<Throwable>> hang(LoadedPlugin plugin, String installation, int count) {
        return hang(plugin, installation, count, "sleep");
    }

    private List<CompletableFuture<Throwable>> hang(LoadedPlugin plugin, String installation, int count, String body) {
        // threads of an earlier test's runtime may still be finishing a spin under the same name
        Set<Thread> earlier = pluginThreads(plugin);
        // each on a thread of its own (the common pool may have one thread on a small machine)
        List<CompletableFuture<Throwable>> calls = IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(
            () -> catchThrowable(() -> send(plugin, installation, body)), Thread::startVirtualThread)).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> pluginThreads(plugin).stream()
            .filter(t -> !earlier.contains(t)).count() >= count);
        return calls;
    }

    private static Set<Thread> pluginThreads(LoadedPlugin plugin) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("plugin-" + plugin.pluginKey() + "-")).collect(Collectors.toSet());
    }

    @Test
    void refusesAPluginWhosePlatformRangeExcludesThisApi() {
        runtime = runtime(CallSettings.DEFAULTS);
        Path future = BehavingPlugin.build(bundles.resolve("future"), "3.0.0", "\"sms\"", ">=2.0.0");

        assertThatThrownBy(() -> runtime.load(future)).isInstanceOfSatisfying(PluginLoadFailed.class,
            e -> assertThat(e.reason()).isEqualTo(PluginLoadFailed.Reason.INCOMPATIBLE_PLATFORM));
    }

    @Test
    void refusesDeclaredCapabilitiesWithoutExtensions() {
        runtime = runtime(CallSettings.DEFAULTS);
        Path overpromising = BehavingPlugin.build(bundles.resolve("overpromising"), "1.0.1", "\"sms\", \"email\"", ">=1.0.0");

        assertThatThrownBy(() -> runtime.load(overpromising)).isInstanceOfSatisfying(PluginLoadFailed.class, e -> {
            assertThat(e.reason()).isEqualTo(PluginLoadFailed.Reason.CAPABILITY_MISMATCH);
            assertThat(e.getMessage()).contains("email");
        });
        assertThat(runtime.loaded()).isEmpty();
    }

    @Test
    void refusesExtensionsOfUndeclaredCapabilities() {
        runtime = runtime(CallSettings.DEFAULTS);
        Path sneaky = BehavingPlugin.build(bundles.resolve("sneaky"), "1.0.2", "\"email\"", ">=1.0.0");

        assertThatThrownBy(() -> runtime.load(sneaky)).isInstanceOfSatisfying(PluginLoadFailed.class, e -> {
            assertThat(e.reason()).isEqualTo(PluginLoadFailed.Reason.CAPABILITY_MISMATCH);
            assertThat(e.getMessage()).contains("BehavingSender", "sms");
        });
    }

    @Test
    void refusesABundleWithoutAnExtensionIndex() throws Exception {
        runtime = runtime(CallSettings.DEFAULTS);
        Path noIndex = BehavingPlugin.build(bundles.resolve("no-index"), "1.0.3");
        Files.delete(noIndex.resolve("classes/META-INF/extensions.idx"));

        assertThatThrownBy(() -> runtime.load(noIndex)).isInstanceOfSatisfying(PluginLoadFailed.class,
            e -> assertThat(e.reason()).isEqualTo(PluginLoadFailed.Reason.NO_EXTENSIONS));
    }

    private String send(LoadedPlugin plugin, String body) {
        SmsReceipt receipt = runtime.calls().call(plugin, SmsSender.class, sender -> sender.send(tenantA, new SmsMessage("+4915112345678", body)));
        return receipt.providerMessageId();
    }

    private String send(LoadedPlugin plugin, String installation, String body) {
        SmsReceipt receipt = runtime.calls().call(plugin, installation, SmsSender.class,
            sender -> sender.send(tenantA, new SmsMessage("+4915112345678", body)));
        return receipt.providerMessageId();
    }

    private static PluginRuntime runtime(CallSettings calls) {
        return new PluginRuntime(RuntimeSettings.DEFAULTS.withCalls(calls), Clock.systemUTC());
    }
}
