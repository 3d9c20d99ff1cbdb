package io.opsbench.bench.jmh;

import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsReceipt;
import io.opsbench.plugin.sms.SmsSender;
import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.PluginRuntime;
import io.opsbench.pluginhost.testkit.TestBundles;
import io.opsbench.pluginhost.testkit.TestPluginContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a plugin call costs on top of calling the same code directly, split into its parts.
 *
 * <ul>
 *   <li>{@code direct}: the no-op {@link SmsSender} compiled into the host, called through the interface.</li>
 *   <li>{@code loadedExtension}: the same source loaded by {@link PluginRuntime} from an exploded bundle (its own
 *       classloader), called on the caller's thread: no hand-off, no timeout.</li>
 *   <li>{@code handOff}: a plain {@link ThreadPoolExecutor} of platform threads handing work over without a queue
 *       (the shape of one plugin version's bulkhead, up to 64 threads), whose first 4 threads wait for work forever,
 *       {@code submit} + {@code get(timeout)} of a no-op: the unavoidable cost of running the call on another
 *       thread so that it can be timed out.</li>
 *   <li>{@code handOffIdleThreadsTimeOut}: the same through a pool whose idle threads all end after 30 s, as a
 *       plugin version's bulkhead does so that a loaded but unused version holds no threads: an idle thread then
 *       waits for work with a timeout, which costs the hand-off a few microseconds on this machine. This is the
 *       baseline the suite compares with; {@code handOff} shows the difference.</li>
 *   <li>{@code handOffWithContextLoader}: {@code handOff} plus setting and restoring the thread's context
 *       classloader.</li>
 *   <li>{@code pluginCall}: {@code runtime.calls().call(plugin, installation, SmsSender.class, ...)}: lane and
 *       installation share lookup, counters, the share's place and circuit breaker, bulkhead, timeout hand-off
 *       and the context classloader switch.</li>
 * </ul>
 *
 * So: {@code pluginCall = direct + handOffIdleThreadsTimeOut + X}, where X is what the runtime adds itself. The three calls that cross
 * threads are also sampled one by one ({@link Mode#SampleTime}): on a busy machine their mean is dominated by rare
 * scheduling stalls, and the median is the steadier figure to compare.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PluginCallBenchmark {

    private static final String INSTALLATION = "01a2516d-fad8-7366-8b16-1fe92ecb63bc";

    private Path bundles;
    private PluginRuntime runtime;
    private LoadedPlugin plugin;
    private SmsSender direct;
    private SmsSender loaded;
    private ExecutorService pool;
    private ThreadPoolExecutor idleTimingOutPool;
    private ClassLoader pluginLoader;
    private PluginContext context;
    private SmsMessage message;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        bundles = Files.createTempDirectory("opsbench-jmh-");
        Path bundle = TestBundles.exploded(bundles.resolve("noop"),
            TestBundles.manifest("io.opsbench.bench-noop", "1.0.0", "\"sms\"", ">=1.0.0"),
            Map.of("bench.noop.NoopSender", NoopSmsSender.SOURCE));
        runtime = new PluginRuntime();
        plugin = runtime.load(bundle);
        loaded = plugin.extension(SmsSender.class).orElseThrow();
        pluginLoader = plugin.classLoader();
        direct = new NoopSmsSender();
        pool = bulkheadShaped(4, "bench-handoff-");
        idleTimingOutPool = bulkheadShaped(0, "bench-handoff-idle-");
        context = TestPluginContext.builder().build();
        message = new SmsMessage("+4915112345678", "x");
        // Sanity: every path answers the no-op receipt.
        if (!"noop".equals(pluginCall().providerMessageId()) || !"noop".equals(handOff().providerMessageId())) {
            throw new IllegalStateException("the benchmark set-up does not answer the no-op receipt");
        }
    }

    /**
     * Up to 64 platform threads and no queue: the shape of one plugin version's bulkhead. Threads beyond
     * {@code waitingForever} end after 30 s idle.
     */
    private static ThreadPoolExecutor bulkheadShaped(int waitingForever, String threadNames) {
        return new ThreadPoolExecutor(waitingForever, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            Thread.ofPlatform().name(threadNames, 1).daemon(true).factory());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.shutdownNow();
        idleTimingOutPool.shutdownNow();
        runtime.close();
        try (Stream<Path> files = Files.walk(bundles)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public SmsReceipt direct() {
        return direct.send(context, message);
    }

    @Benchmark
    public SmsReceipt loadedExtension() {
        return loaded.send(context, message);
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public SmsReceipt handOff() {
        return through(pool, () -> direct.send(context, message));
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public SmsReceipt handOffIdleThreadsTimeOut() {
        return through(idleTimingOutPool, () -> direct.send(context, message));
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public SmsReceipt handOffWithContextLoader() {
        return through(pool, () -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(pluginLoader);
            try {
                return loaded.send(context, message);
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
    }

    /** {@code submit} + {@code get(timeout)}: the hand-off a bulkhead makes so that a call can be timed out. */
    private static SmsReceipt through(ExecutorService executor, Callable<SmsReceipt> call) {
        try {
            return executor.submit(call).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public SmsReceipt pluginCall() {
        return runtime.calls().call(plugin, INSTALLATION, SmsSender.class, sender -> sender.send(context, message));
    }
}
