package io.opsbench.platform.webhook;

import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what each attempt came to. Senders queue their results here, per tenant, and for each tenant one
 * sender at a time writes everything queued: one statement for the successes and one transaction for the
 * failures and their endpoints' failing streaks. Tenants are written independently, so one whose write stalls
 * holds up no other's. A burst of results, say an endpoint going down under 64 deliveries in
 * flight, is a few statements instead of a transaction each, so it neither queues for the tenant's share of
 * database connections nor for the endpoint's row. A failure is written at once, with whatever is queued
 * beside it; successes wait until {@link #SUCCESSES_AT} are queued or the worker's poll ends
 * ({@link #flush}). Only the holder of the lease records its attempt: a result whose lease another node took
 * over is dropped, and that node sends the delivery again (at least once, as always).
 */
@Component
class WebhookResults {

    private static final Logger log = LoggerFactory.getLogger(WebhookResults.class);
    /**
     * Successes queued before a sender writes them: a recording statement costs ~0.4 ms before its first row
     * and ~50 µs a row, so writing a dozen at a time spent as much on statements as on rows.
     */
    static final int SUCCESSES_AT = 32;
    private static final int MAX_WRITTEN_TOGETHER = 500;

    private final WebhookRepository repository;
    private final DomainEvents events;
    private final TransactionTemplate transactions;
    private final WebhookSettings settings;
    private final Map<TenantId, Pending> pending = new ConcurrentHashMap<>();

    WebhookResults(WebhookRepository repository, DomainEvents events, TransactionTemplate transactions,
            WebhookSettings settings) {
        this.repository = repository;
        this.events = events;
        this.transactions = transactions;
        this.settings = settings;
    }

    /**
     * One tenant's queued results and its writer: a tenant whose write stalls (its endpoint's row held by another
     * transaction, its share of database connections in use) holds up its own results only.
     */
    private static final class Pending {

        final Queue<WebhookRepository.Attempted> queued = new ConcurrentLinkedQueue<>();
        final AtomicInteger successes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final ReentrantLock writing = new ReentrantLock();
        /** Set by {@link #flush}: write what is queued even below {@link #SUCCESSES_AT}. */
        volatile boolean flushRequested;

        boolean due(int successesAt) {
            return !queued.isEmpty() && (failures.get() > 0 || successes.get() >= successesAt || flushRequested);
        }
    }

    /** Queues an attempt's result, and writes its tenant's queue when it is a failure or enough successes wait. */
    void add(WebhookRepository.Attempted result) {
        TenantId tenant = result.claimed().tenantId();
        Pending queue = pending.computeIfAbsent(tenant, t -> new Pending());
        queue.queued.add(result);
        (result.delivered() ? queue.successes : queue.failures).incrementAndGet();
        writeWhileDue(tenant, queue, SUCCESSES_AT);
    }

    /**
     * Writes whatever is queued: each tenant's queue now, or, if a writer of that tenant is busy, by that writer
     * once it is done. For the end of a poll and shutting down; never waits for a tenant's stalled write.
     */
    void flush() {
        pending.forEach((tenant, queue) -> {
            queue.flushRequested = true;
            writeWhileDue(tenant, queue, SUCCESSES_AT);
        });
    }

    /**
     * Writes the tenant's queue while it is due, unless another thread holds its lock: that one checks again
     * after letting go of it, so nothing queued is left behind.
     */
    private void writeWhileDue(TenantId tenant, Pending queue, int successesAt) {
        while (queue.due(successesAt) && queue.writing.tryLock()) {
            try {
                queue.flushRequested = false;
                writeQueued(tenant, queue);
            } finally {
                queue.writing.unlock();
            }
        }
    }

    private void writeQueued(TenantId tenant, Pending queue) {
        List<WebhookRepository.Attempted> results = new ArrayList<>();
        for (WebhookRepository.Attempted next; results.size() < MAX_WRITTEN_TOGETHER
                && (next = queue.queued.poll()) != null; ) {
            results.add(next);
            (next.delivered() ? queue.successes : queue.failures).decrementAndGet();
        }
        try {
            TenantScope.run(tenant, () -> write(results));
        } catch (RuntimeException e) {
            log.warn("Recording {} webhook attempts of tenant {} failed; their leases will expire and they are "
                    + "sent again", results.size(), tenant, e);
        }
    }

    private void write(List<WebhookRepository.Attempted> results) {
        Map<Boolean, List<WebhookRepository.Attempted>> delivered = results.stream()
                .collect(Collectors.partitioningBy(WebhookRepository.Attempted::delivered));
        List<WebhookRepository.Attempted> successes = delivered.get(true);
        List<WebhookRepository.Attempted> failures = delivered.get(false);
        Set<UUID> recorded = new HashSet<>();
        if (!successes.isEmpty()) {
            recorded.addAll(repository.recordDelivered(successes));
        }
        if (!failures.isEmpty()) {
            transactions.executeWithoutResult(tx -> {
                Set<UUID> failed = new HashSet<>(repository.recordFailed(failures));
                recorded.addAll(failed);
                updateStreaks(failures.stream().filter(f -> failed.contains(f.claimed().deliveryId())).toList(),
                        successes.stream().filter(s -> recorded.contains(s.claimed().deliveryId())).toList());
            });
        }
        results.stream().filter(r -> !recorded.contains(r.claimed().deliveryId()))
                .forEach(r -> log.info("Delivery {} attempt {} lost its lease; another node owns it now",
                        r.claimed().deliveryId(), r.claimed().attempt()));
    }

    /**
     * Starts, extends or ends in disabling each failing endpoint's streak, counting only the failures after the
     * endpoint's last success in the same batch (that success ended the streak as it was recorded). The endpoints
     * are locked first, together and in id order, as the successes' statement locks the streaks it ends: two
     * nodes writing results of the same endpoints wait for each other rather than deadlock.
     */
    private void updateStreaks(List<WebhookRepository.Attempted> failed, List<WebhookRepository.Attempted> delivered) {
        Map<UUID, Instant> lastSuccess = delivered.stream().collect(Collectors.toMap(
                d -> d.claimed().endpointId(), WebhookRepository.Attempted::attemptedAt,
                (a, b) -> a.isAfter(b) ? a : b));
        Map<UUID, List<WebhookRepository.Attempted>> failing = failed.stream()
                .filter(f -> !lastSuccess.containsKey(f.claimed().endpointId())
                        || f.attemptedAt().isAfter(lastSuccess.get(f.claimed().endpointId())))
                .collect(Collectors.groupingBy(f -> f.claimed().endpointId()));
        if (!failing.isEmpty()) {
            repository.lockEndpoints(failing.keySet()).forEach(endpoint -> updateStreak(endpoint,
                    failing.get(endpoint.id())));
        }
    }

    private void updateStreak(WebhookEndpoint endpoint, List<WebhookRepository.Attempted> failures) {
        Instant first = failures.stream().map(WebhookRepository.Attempted::attemptedAt).min(Instant::compareTo)
                .orElseThrow();
        Instant last = failures.stream().map(WebhookRepository.Attempted::attemptedAt).max(Instant::compareTo)
                .orElseThrow();
        Instant failingSince = endpoint.failingSince() == null ? first : endpoint.failingSince();
        String disabledReason = null;
        if (failures.stream().anyMatch(WebhookRepository.Attempted::gone)) {
            disabledReason = "the endpoint answered 410 Gone";
        } else if (!last.isBefore(failingSince.plus(settings.disableAfter()))) {
            disabledReason = "every delivery failed since " + failingSince;
        }
        if (disabledReason == null && Objects.equals(failingSince, endpoint.failingSince())) {
            return;
        }
        boolean disabling = disabledReason != null && endpoint.enabled();
        repository.updateEndpoint(new WebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.events(),
                endpoint.description(), endpoint.enabled() && disabledReason == null,
                disabledReason != null ? disabledReason : endpoint.disabledReason(), failingSince,
                endpoint.createdAt(), last));
        if (disabling) {
            events.record("webhook_endpoint.disabled", "webhook_endpoint", endpoint.id(),
                    Map.of("webhook_endpoint_id", endpoint.id(), "url", endpoint.url(), "reason", disabledReason));
        }
    }
}
