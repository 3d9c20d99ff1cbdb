package io.opsbench.pluginhost;

import io.opsbench.pluginhost.PluginCallFailed.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.pf4j.ExtensionPoint;

/**
 * Runs extension calls with an error boundary: each plugin version has its own small pool of platform
 * threads (a bulkhead, so a plugin that spins or blocks exhausts only its own threads, never the caller's
 * or another plugin's), every call has a timeout, the plugin's classloader is the thread's context
 * classloader during the call, and after repeated timeouts the version is not called for a cool-down.
 *
 * <p>Platform threads rather than virtual threads on purpose: a plugin spinning or blocking inside
 * {@code synchronized} would pin a virtual thread's carrier, and there are as few carriers as cores.
 * A call that times out is interrupted, but code that ignores interrupts keeps its thread until it returns;
 * that thread stays counted against its own plugin's pool.
 */
public final class PluginCalls implements AutoCloseable {

    private final CallSettings settings;
    private final Clock clock;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * Creates an executor.
     *
     * @param settings timeouts, pool sizes and breaker settings
     * @param clock the clock the circuit breaker's cool-down is measured with
     */
    public PluginCalls(CallSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Calls the first extension of an extension point with the default timeout.
     *
     * @param plugin the loaded plugin version
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param call what to do with the extension
     * @param <T> the extension point type
     * @param <R> the result type
     * @return the call's result
     * @throws PluginCallFailed when the call threw, timed out or was refused
     * @throws IllegalArgumentException when the plugin has no such extension
     */
    public <T extends ExtensionPoint, R> R call(LoadedPlugin plugin, Class<T> extensionPoint, ExtensionCall<T, R> call) {
        return call(plugin, extensionPoint, settings.timeout(), call);
    }

    /**
     * Calls the first extension of an extension point.
     *
     * @param plugin the loaded plugin version
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param timeout how long the call may take, queueing included
     * @param call what to do with the extension
     * @param <T> the extension point type
     * @param <R> the result type
     * @return the call's result
     * @throws PluginCallFailed when the call threw, timed out or was refused
     * @throws IllegalArgumentException when the plugin has no such extension
     */
    public <T extends ExtensionPoint, R> R call(LoadedPlugin plugin, Class<T> extensionPoint, Duration timeout, ExtensionCall<T, R> call) {
        T extension;
        ClassLoader loader;
        try {
            extension = plugin.extension(extensionPoint)
                .orElseThrow(() -> new IllegalArgumentException(plugin.pluginKey() + " has no " + extensionPoint.getSimpleName()));
            loader = plugin.classLoader();
        } catch (IllegalStateException unloaded) {
            throw new PluginCallFailed(plugin, Reason.REJECTED, "the plugin version has been unloaded", unloaded);
        }
        return run(plugin, loader, timeout, () -> call.apply(extension));
    }

    private <R> R run(LoadedPlugin plugin, ClassLoader loader, Duration timeout, Callable<R> task) {
        Lane lane = lanes.computeIfAbsent(plugin.pluginKey(), key -> new Lane(key, settings));
        lane.calls.incrementAndGet();
        Instant now = clock.instant();
        if (!lane.allows(now)) {
            lane.rejected();
            throw new PluginCallFailed(plugin, Reason.CIRCUIT_OPEN,
                "timed out " + settings.breakerThreshold() + " times in a row; not called until " + lane.openUntil(), null);
        }
        Future<R> future;
        try {
            future = lane.executor.submit(() -> {
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(loader);
                try {
                    return task.call();
                } finally {
                    thread.setContextClassLoader(previous);
                }
            });
        } catch (RejectedExecutionException e) {
            lane.rejected();
            throw new PluginCallFailed(plugin, Reason.REJECTED, "all " + settings.concurrency() + " threads busy and "
                + settings.queueCapacity() + " calls waiting", e);
        }
        try {
            R result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            lane.answered();
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            lane.timedOut(clock.instant());
            throw new PluginCallFailed(plugin, Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            lane.failed();
            Throwable cause = e.getCause();
            throw new PluginCallFailed(plugin, Reason.ERROR, cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            lane.failed();
            throw new PluginCallFailed(plugin, Reason.ERROR, "the caller was interrupted", e);
        }
    }

    /**
     * The counters of a plugin version.
     *
     * @param plugin the plugin version
     * @return its counters, zero when never called
     */
    public CallStats stats(LoadedPlugin plugin) {
        return stats(plugin.pluginKey());
    }

    /**
     * The counters of a plugin version.
     *
     * @param pluginKey {@code <id>@<version>}
     * @return its counters, zero when never called
     */
    public CallStats stats(String pluginKey) {
        Lane lane = lanes.get(pluginKey);
        return lane == null ? CallStats.NONE : lane.stats(clock.instant());
    }

    /**
     * Shuts a plugin version's pool down and forgets its counters; {@link PluginRuntime#unload(LoadedPlugin)}
     * does this before unloading.
     *
     * @param plugin the plugin version
     */
    public void retire(LoadedPlugin plugin) {
        Lane lane = lanes.remove(plugin.pluginKey());
        if (lane != null) {
            lane.executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        lanes.values().forEach(lane -> lane.executor.shutdownNow());
        lanes.clear();
    }

    /** One plugin version's pool, counters and circuit breaker. */
    private static final class Lane {

        private final ThreadPoolExecutor executor;
        private final int breakerThreshold;
        private final Duration coolDown;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong timeouts = new AtomicLong();
        private final AtomicLong rejections = new AtomicLong();
        private int consecutiveTimeouts;
        private Instant openUntil;

        Lane(String pluginKey, CallSettings settings) {
            BlockingQueue<Runnable> queue = settings.queueCapacity() == 0 ? new SynchronousQueue<>()
                : settings.queueCapacity() > 1024 ? new LinkedBlockingQueue<>(settings.queueCapacity())
                : new ArrayBlockingQueue<>(settings.queueCapacity());
            this.executor = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 30, TimeUnit.SECONDS, queue,
                Thread.ofPlatform()
                    .name("plugin-" + pluginKey + "-", 1)
                    .daemon(true)
                    // The caller's inheritable thread-locals (request or tenant state) must not reach plugin code.
                    .inheritInheritableThreadLocals(false)
                    .factory());
            this.executor.allowCoreThreadTimeOut(true);
            this.breakerThreshold = settings.breakerThreshold();
            this.coolDown = settings.breakerCoolDown();
        }

        synchronized boolean allows(Instant now) {
            return openUntil == null || !now.isBefore(openUntil);
        }

        synchronized Instant openUntil() {
            return openUntil;
        }

        synchronized void answered() {
            consecutiveTimeouts = 0;
            openUntil = null;
        }

        void failed() {
            failures.incrementAndGet();
            answered();
        }

        void rejected() {
            failures.incrementAndGet();
            rejections.incrementAndGet();
        }

        synchronized void timedOut(Instant now) {
            failures.incrementAndGet();
            timeouts.incrementAndGet();
            consecutiveTimeouts++;
            if (consecutiveTimeouts >= breakerThreshold) {
                // After the cool-down calls flow again; one more timeout re-opens at once.
                openUntil = now.plus(coolDown);
            }
        }

        synchronized CallStats stats(Instant now) {
            return new CallStats(calls.get(), failures.get(), timeouts.get(), rejections.get(), openUntil != null && now.isBefore(openUntil));
        }
    }
}
