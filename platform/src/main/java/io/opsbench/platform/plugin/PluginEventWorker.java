package io.opsbench.platform.plugin;

import io.opsbench.platform.egress.OutboundHttp;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands events to plugins that subscribed to them, through the same outbox as webhooks but with their
 * own deliveries, leases, retries and timeouts: a failing or slow plugin listener never holds up webhooks.
 * Deliveries are claimed oldest-due first across installations, so a slow listener's backlog can hold up
 * other plugins' events on this node (not yet claimed per installation as webhooks are per endpoint). Each
 * call runs on the plugin version's bulkhead, outside any transaction.
 */
@Component
class PluginEventWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PluginEventWorker.class);

    private final PluginEventRepository repository;
    private final Installations installations;
    private final PluginNode node;
    private final OutboundHttp outbound;
    private final TransactionTemplate transactions;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Semaphore inFlight;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    PluginEventWorker(PluginEventRepository repository, Installations installations, PluginNode node,
            OutboundHttp outbound, TransactionTemplate transactions, WebhookSettings settings, PluginSettings plugins,
            Clock clock) {
        this.repository = repository;
        this.installations = installations;
        this.node = node;
        this.outbound = outbound;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        // No more calls in flight than one plugin version's bulkhead takes (threads and queue): a backlog of one
        // plugin's events waits here for its turn instead of being refused by the bulkhead, which would use up
        // an attempt of each delivery it refused.
        this.inFlight = new Semaphore(Math.min(settings.maxInFlight(), plugins.concurrency() + plugins.queueCapacity()));
    }

    @Scheduled(fixedDelayString = "${opsbench.webhooks.poll-interval:250ms}")
    void poll() {
        try {
            int room = Math.min(inFlight.availablePermits(), settings.batchSize());
            if (room == 0) {
                return;
            }
            for (PluginEventRepository.Claimed delivery : repository.claim(room, clock.instant(), settings.lease())) {
                inFlight.acquireUninterruptibly();
                callers.execute(() -> {
                    try {
                        deliver(delivery);
                    } catch (RuntimeException e) {
                        log.warn("Plugin event delivery {} failed unexpectedly; its lease will expire",
                                delivery.deliveryId(), e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("Plugin event poll failed; retrying on the next one", e);
        }
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
        node.runtime().calls().call(plugin, EventListener.class, listener -> {
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
        TenantScope.run(delivery.tenantId(), () -> transactions.executeWithoutResult(tx -> {
            if (!repository.record(delivery, finalStatus, finalNext, truncated, now)) {
                log.info("Plugin event delivery {} attempt {} lost its lease", delivery.deliveryId(), delivery.attempt());
            }
        }));
    }

    @Override
    public void destroy() {
        callers.shutdown();
    }
}
