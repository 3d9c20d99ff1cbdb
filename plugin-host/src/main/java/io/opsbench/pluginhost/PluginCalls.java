package io.opsbench.pluginhost;

import io.opsbench.pluginhost.PluginCallFailed.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.pf4j.ExtensionPoint;

/**
 * Runs extension calls with an error boundary: each plugin version has its own pool of platform threads (a
 * bulkhead, so a plugin that spins or blocks exhausts only its own threads, never the caller's or another
 * plugin's), every call has a timeout, the plugin's classloader is the thread's context classloader during the
 * call, and after repeated timeouts calls are refused for a cool-down.
 *
 * <p>Calls name the installation they are made for, and each installation has its own share of its version:
 * at most {@link CallSettings#concurrency()} calls running and {@link CallSettings#queueCapacity()} waiting,
 * and its own circuit breaker. One tenant whose calls hang (a mail server that never answers, say) therefore
 * holds only its own share of the version's threads and opens only its own breaker; the version's other
 * installations are called as before.
 *
 * <p>A version runs at most {@link CallSettings#maxThreads()} calls at once <em>whose callers are waiting</em>.
 * A call that times out is interrupted, but code that ignores interrupts keeps its thread until it returns: such
 * an <em>abandoned</em> call leaves the version's count when its caller gives up and stays counted against its
 * own installation's share (so one installation never holds more than its share of threads, however many of its
 * calls hang) and against the node's {@link CallSettings#maxNodeThreads()}, which bounds the threads all plugins
 * hold together. So installations whose calls hang take threads from the node's large budget, not from the
 * version's calls that still answer: with the defaults, 16 of them no longer use up a version for everyone else;
 * it takes 256 on one node, each holding 4 threads that never return, to reach the node's limit. Idle threads
 * end after 30 s, so a loaded, unused version holds none.
 *
 * <p>Platform threads rather than virtual threads on purpose: a plugin spinning or blocking inside
 * {@code synchronized} would pin a virtual thread's carrier, and there are as few carriers as cores.
 */
public final class PluginCalls implements AutoCloseable {

    /** The installation of calls that name none (tests, tools): they share one share of the version. */
    public static final String NO_INSTALLATION = "";

    /** A running call's states: its caller waits for it, gave up at its timeout, or the plugin's code returned. */
    private static final int AWAITED = 0;
    private static final int ABANDONED = 1;
    private static final int RETURNED = 2;

    private final CallSettings settings;
    private final Clock clock;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Calls running on this node, in every version, abandoned ones included. */
    private final AtomicInteger running = new AtomicInteger();
    /** Calls still running whose callers gave up at their timeout. */
    private final AtomicInteger abandoned = new AtomicInteger();

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
     * Calls the first extension of an extension point with the default timeout, for no installation in particular.
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
        return call(plugin, NO_INSTALLATION, extensionPoint, settings.timeout(), call);
    }

    /**
     * Calls the first extension of an extension point for an installation, with the default timeout.
     *
     * @param plugin the loaded plugin version
     * @param installationId whose call this is: it runs in that installation's share of the version
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param call what to do with the extension
     * @param <T> the extension point type
     * @param <R> the result type
     * @return the call's result
     * @throws PluginCallFailed when the call threw, timed out or was refused
     * @throws IllegalArgumentException when the plugin has no such extension
     */
    public <T extends ExtensionPoint, R> R call(LoadedPlugin plugin, String installationId, Class<T> extensionPoint,
            ExtensionCall<T, R> call) {
        return call(plugin, installationId, extensionPoint, settings.timeout(), call);
    }

    /**
     * Calls the first extension of an extension point for an installation.
     *
     * @param plugin the loaded plugin version
     * @param installationId whose call this is: it runs in that installation's share of the version
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param timeout how long the call may take, waiting for the installation's share included
     * @param call what to do with the extension
     * @param <T> the extension point type
     * @param <R> the result type
     * @return the call's result
     * @throws PluginCallFailed when the call threw, timed out or was refused
     * @throws IllegalArgumentException when the plugin has no such extension
     */
    public <T extends ExtensionPoint, R> R call(LoadedPlugin plugin, String installationId, Class<T> extensionPoint,
            Duration timeout, ExtensionCall<T, R> call) {
        Objects.requireNonNull(installationId, "installationId");
        T extension;
        ClassLoader loader;
        try {
            extension = plugin.extension(extensionPoint)
                .orElseThrow(() -> new IllegalArgumentException(plugin.pluginKey() + " has no " + extensionPoint.getSimpleName()));
            loader = plugin.classLoader();
        } catch (IllegalStateException unloaded) {
            throw new PluginCallFailed(plugin, Reason.REJECTED, "the plugin version has been unloaded", unloaded);
        }
        return run(plugin, installationId, loader, timeout, () -> call.apply(extension));
    }

    private <R> R run(LoadedPlugin plugin, String installationId, ClassLoader loader, Duration timeout, Callable<R> task) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Lane lane = lanes.computeIfAbsent(plugin.pluginKey(), key -> new Lane(key, settings));
        Share share = lane.share(installationId);
        lane.calls.incrementAndGet();
        if (!share.allows(clock.instant())) {
            lane.rejected();
            throw new PluginCallFailed(plugin, Reason.CIRCUIT_OPEN,
                "timed out " + settings.breakerThreshold() + " times in a row; not called until " + share.openUntil(), null);
        }
        switch (share.admit(deadline)) {
            case FULL -> {
                lane.rejected();
                throw new PluginCallFailed(plugin, Reason.REJECTED, "all " + settings.concurrency()
                    + " of the installation's calls running and " + settings.queueCapacity() + " waiting", null);
            }
            case TIMED_OUT -> {
                lane.timedOut(share, clock.instant());
                throw new PluginCallFailed(plugin, Reason.TIMEOUT, "no answer within " + timeout.toMillis()
                    + " ms (waited for one of the installation's " + settings.concurrency() + " calls to finish)", null);
            }
            case INTERRUPTED -> {
                lane.interrupted();
                throw new PluginCallFailed(plugin, Reason.ERROR, "the caller was interrupted", null);
            }
            case ADMITTED -> {
            }
        }
        if (!lane.awaited.tryAcquire()) {
            share.leave();
            lane.rejected();
            throw new PluginCallFailed(plugin, Reason.REJECTED, "all " + settings.maxThreads()
                + " of the plugin version's threads are busy with calls still awaited", null);
        }
        boolean nodeFull = running.incrementAndGet() > settings.maxNodeThreads();
        // The call's places (its share's, its version's, the node's) are given back when the plugin's code has
        // returned, before the caller sees the result (so it can call again at once); a call cancelled before it
        // started gives them back once its task has been run. A caller that gives up first hands back only the
        // version's place: the thread, which may ignore the interrupt, stays counted against its installation's
        // share and the node until the plugin's code returns.
        AtomicInteger state = new AtomicInteger(AWAITED);
        Runnable leave = () -> {
            int was = state.getAndSet(RETURNED);
            if (was == RETURNED) {
                return;
            }
            if (was == AWAITED) {
                lane.awaited.release();
            } else {
                abandoned.decrementAndGet();
            }
            share.leave();
            running.decrementAndGet();
        };
        Runnable giveUp = () -> {
            // counted first, so that a plugin returning at this moment cannot take the count below zero
            abandoned.incrementAndGet();
            if (state.compareAndSet(AWAITED, ABANDONED)) {
                lane.awaited.release();
            } else {
                abandoned.decrementAndGet();
            }
        };
        if (nodeFull) {
            leave.run();
            lane.rejected();
            throw new PluginCallFailed(plugin, Reason.REJECTED, "all " + settings.maxNodeThreads()
                + " of the node's plugin threads are busy", null);
        }
        FutureTask<R> future = new FutureTask<>(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return task.call();
            } finally {
                thread.setContextClassLoader(previous);
                leave.run();
            }
        });
        try {
            lane.executor.execute(() -> {
                try {
                    future.run();
                } finally {
                    leave.run();
                }
            });
        } catch (RejectedExecutionException e) {
            leave.run();
            lane.rejected();
            throw new PluginCallFailed(plugin, Reason.REJECTED, "the plugin version has been unloaded", e);
        } catch (Throwable e) {
            leave.run(); // e.g. no native thread could be started
            throw e;
        }
        try {
            R result = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            share.answered();
            return result;
        } catch (TimeoutException e) {
            giveUp.run();
            future.cancel(true);
            lane.timedOut(share, clock.instant());
            throw new PluginCallFailed(plugin, Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            lane.failed(share);
            Throwable cause = e.getCause();
            throw new PluginCallFailed(plugin, Reason.ERROR, cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            giveUp.run();
            future.cancel(true);
            Thread.currentThread().interrupt();
            lane.interrupted();
            throw new PluginCallFailed(plugin, Reason.ERROR, "the caller was interrupted", e);
        }
    }

    /**
     * Calls running on this node now, in every plugin version, abandoned ones included: the plugin threads in use
     * (idle pooled threads aside).
     *
     * @return how many; {@link CallSettings#maxNodeThreads()} at most, but for a call being refused at this moment
     */
    public int running() {
        return running.get();
    }

    /**
     * Calls still running whose callers gave up at their timeout: plugin code that ignored its interrupt.
     *
     * @return how many
     */
    public int abandoned() {
        return abandoned.get();
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

    /** One plugin version's pool and counters, and its installations' shares. */
    private static final class Lane {

        private final ThreadPoolExecutor executor;
        /** Places for calls whose callers are waiting for them. */
        private final Semaphore awaited;
        private final CallSettings settings;
        private final Map<String, Share> shares = new ConcurrentHashMap<>();
        private final AtomicLong calls = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final AtomicLong timeouts = new AtomicLong();
        private final AtomicLong rejections = new AtomicLong();

        Lane(String pluginKey, CallSettings settings) {
            // No queue: a call either finds an idle thread or starts one; waiting happens in the installation's share,
            // before a thread is asked for. The pool itself is unbounded: the version's awaited places, the shares
            // and the node's count bound its threads.
            this.awaited = new Semaphore(settings.maxThreads());
            this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform()
                    .name("plugin-" + pluginKey + "-", 1)
                    .daemon(true)
                    // The caller's inheritable thread-locals (request or tenant state) must not reach plugin code.
                    .inheritInheritableThreadLocals(false)
                    .factory());
            this.settings = settings;
        }

        Share share(String installationId) {
            Share share = shares.get(installationId);
            return share != null ? share : shares.computeIfAbsent(installationId, id -> new Share(settings));
        }

        /** The plugin answered with an exception: a failure, but an answer, which ends a streak of timeouts. */
        void failed(Share share) {
            failures.incrementAndGet();
            share.answered();
        }

        /** The caller stopped waiting: a failure that says nothing about the plugin. */
        void interrupted() {
            failures.incrementAndGet();
        }

        void rejected() {
            failures.incrementAndGet();
            rejections.incrementAndGet();
        }

        void timedOut(Share share, Instant now) {
            failures.incrementAndGet();
            timeouts.incrementAndGet();
            share.timedOut(now);
        }

        CallStats stats(Instant now) {
            return new CallStats(calls.get(), failures.get(), timeouts.get(), rejections.get(),
                shares.values().stream().anyMatch(share -> !share.allows(now)));
        }
    }

    /** What {@link Share#admit} came to. */
    private enum Admission { ADMITTED, FULL, TIMED_OUT, INTERRUPTED }

    /** One installation's share of its plugin version: calls running and waiting, and its circuit breaker. */
    private static final class Share {

        private final Semaphore running;
        private final AtomicInteger waiting = new AtomicInteger();
        private final int queueCapacity;
        private final int breakerThreshold;
        private final Duration coolDown;
        private int consecutiveTimeouts;
        private Instant openUntil;

        Share(CallSettings settings) {
            this.running = new Semaphore(settings.concurrency(), true);
            this.queueCapacity = settings.queueCapacity();
            this.breakerThreshold = settings.breakerThreshold();
            this.coolDown = settings.breakerCoolDown();
        }

        /** A place among the running calls, waiting in turn until the deadline if there is room to wait. */
        Admission admit(long deadline) {
            try {
                if (running.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                    return Admission.ADMITTED;
                }
                if (waiting.incrementAndGet() > queueCapacity) {
                    waiting.decrementAndGet();
                    return Admission.FULL;
                }
                try {
                    return running.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
                        ? Admission.ADMITTED : Admission.TIMED_OUT;
                } finally {
                    waiting.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Admission.INTERRUPTED;
            }
        }

        void leave() {
            running.release();
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

        synchronized void timedOut(Instant now) {
            consecutiveTimeouts++;
            if (consecutiveTimeouts >= breakerThreshold) {
                // After the cool-down calls flow again; one more timeout re-opens at once.
                openUntil = now.plus(coolDown);
            }
        }
    }
}
