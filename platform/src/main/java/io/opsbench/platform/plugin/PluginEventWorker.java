package io.opsbench.platform.plugin;

import io.opsbench.platform.egress.OutboundHttp;
import io.opsbench.platform.storage.Claims;
import io.opsbench.platform.storage.InFlightPerId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.webhook.WebhookSettings;
import io.opsbench.plugin.PluginApi;
import io.opsbench.plugin.PluginConfig;
import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.events.EventListener;
import io.opsbench.plugin.events.PlatformEvent;
import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.PluginCallFailed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands events to plugins that subscribed to them, through the same outbox as webhooks but with their
 * own deliveries, leases, retries and timeouts: a failing or slow plugin listener never holds up webhooks, and
 * an installation holds at most as many of this node's plugin event slots as its share of its version's threads:
 * claims go round the installations (V19) and pass over one at its limit. Each call runs on the plugin version's
 * bulkhead, in the installation's share, outside any transaction.
 */
@Component
class PluginEventWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PluginEventWorker.class);
    private static final Duration BUSY_POLL = Duration.ofSeconds(5);

    private final PluginEventRepository repository;
    private final Installations installations;
    private final PluginNode node;
    private final OutboundHttp outbound;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final int perInstallation;
    /** A permit per call finished since the current round began. */
    private final Semaphore finished = new Semaphore(0);
    /** Calls in flight per installation. */
    private final InFlightPerId inFlightPerInstallation = new InFlightPerId();
    /** The installation the last claim took from last; the next claim goes on round the installations after it. */
    private volatile UUID resumeAfter;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    PluginEventWorker(PluginEventRepository repository, Installations installations, PluginNode node,
            OutboundHttp outbound, WebhookSettings settings, PluginSettings plugins,
            Clock clock) {
        this.repository = repository;
        this.installations = installations;
        this.node = node;
        this.outbound = outbound;
        this.settings = settings;
        this.clock = clock;
        // At most half of a plugin version's threads: a backlog of one plugin's events waits here for its turn
        // instead of being refused by the pool (which would use up an attempt of each delivery it refused), and
        // the other half is left to capability calls and to threads still busy after their call timed out.
        this.maxInFlight = Math.min(settings.maxInFlight(), Math.max(1, plugins.maxThreads() / 2));
        this.inFlight = new Semaphore(maxInFlight);
        // more calls than the installation's share of its version runs at once would only wait in the share,
        // holding slots other installations could use
        this.perInstallation = plugins.concurrency();
    }

    /**
     * Claims and starts calls, and while that finds any, goes on as soon as half of the calls in flight have
     * finished (at most {@link #BUSY_POLL} per poll), so a backlog is not paced by the poll interval; a round
     * that finds nothing this node may take ends the poll.
     */
    @Scheduled(fixedDelayString = "${opsbench.webhooks.poll-interval:250ms}")
    void poll() {
        try {
            long deadline = System.nanoTime() + BUSY_POLL.toNanos();
            while (System.nanoTime() < deadline) {
                finished.drainPermits();
                int room = Math.min(inFlight.availablePermits(), settings.batchSize());
                if (room > 0 && start(claim(room)) == 0) {
                    return;
                }
                int wanted = Math.max(1, (maxInFlight - inFlight.availablePermits()) / 2);
                if (!finished.tryAcquire(wanted, settings.pollInterval().toNanos(), TimeUnit.NANOSECONDS)
                        && room == 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Plugin event poll failed; retrying on the next one", e);
        }
    }

    private List<PluginEventRepository.Claimed> claim(int room) {
        Claims<PluginEventRepository.Claimed> claims = repository.claim(room, clock.instant(), settings.lease(),
                perInstallation, inFlightPerInstallation.snapshot(), resumeAfter);
        resumeAfter = claims.resumeAfter();
        return claims.deliveries();
    }

    /** Starts each claimed call on its own virtual thread; answers how many. */
    private int start(List<PluginEventRepository.Claimed> claimed) {
        for (PluginEventRepository.Claimed delivery : claimed) {
            inFlight.acquireUninterruptibly();
            inFlightPerInstallation.started(delivery.installationId());
            callers.execute(() -> {
                try {
                    deliver(delivery);
                } catch (RuntimeException e) {
                    log.warn("Plugin event delivery {} failed unexpectedly; its lease will expire",
                            delivery.deliveryId(), e);
                } finally {
                    inFlightPerInstallation.finished(delivery.installationId());
                    inFlight.release();
                    finished.release();
                }
            });
        }
        return claimed.size();
    }

    private void deliver(PluginEventRepository.Claimed delivery) {
        String error = null;
        try {
            TenantScope.run(delivery.tenantId(), () -> call(delivery));
        } catch (PluginCallFailed failed) {
            error = failed.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + failed.getMessage();
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        record(delivery, error);
    }

    private void call(PluginEventRepository.Claimed delivery) {
        Installations.Resolved resolved = installations.forEvents(delivery.installationId());
        LoadedPlugin plugin = node.acquire(resolved.release());
        PluginContext context = PlatformPluginContext.of(delivery.tenantId().toString(),
                delivery.installationId().toString(), resolved.installation().pluginId(),
                PluginConfig.of(resolved.config()), clock, PluginApi.VERSION, outbound);
        PlatformEvent event = new PlatformEvent(delivery.eventId(), delivery.eventType(), delivery.eventCreatedAt(),
                delivery.tenantId().toString(), delivery.payload());
        node.runtime().calls().call(plugin, delivery.installationId().toString(), EventListener.class, listener -> {
            listener.onEvent(context, event);
            return null;
        });
    }

    private void record(PluginEventRepository.Claimed delivery, String error) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Duration> schedule = settings.retrySchedule();
        String status;
        Instant next = null;
        if (error == null) {
            status = "delivered";
        } else if (delivery.attempt() > schedule.size()) {
            status = "dead";
        } else {
            status = "retrying";
            next = now.plus(schedule.get(delivery.attempt() - 1));
        }
        String finalStatus = status;
        Instant finalNext = next;
        String truncated = error == null || error.length() <= 500 ? error : error.substring(0, 500);
        // one statement: no transaction block around it, so one round trip with the session context
        TenantScope.run(delivery.tenantId(), () -> {
            if (!repository.record(delivery, finalStatus, finalNext, truncated, now)) {
                log.info("Plugin event delivery {} attempt {} lost its lease", delivery.deliveryId(), delivery.attempt());
            }
        });
    }

    @Override
    public void destroy() {
        callers.shutdown();
    }
}
