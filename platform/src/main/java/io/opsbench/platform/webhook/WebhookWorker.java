package io.opsbench.platform.webhook;

import io.opsbench.platform.egress.OutboundHttp;
import io.opsbench.platform.storage.Claims;
import io.opsbench.platform.storage.InFlightPerId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Delivers webhooks. Each round fans new outbox events out into deliveries (or lets an earlier round's fan-out
 * go on) while it claims due deliveries with a lease, and only then sends each one on its own virtual thread; the result is
 * recorded by the lease holder ({@link WebhookResults}: together, a batch per tenant). No HTTP call runs while a
 * database connection is held, and any node can run this. A slow endpoint holds at most
 * {@link WebhookSettings#maxInFlightPerEndpoint()} of this node's slots, each for up to the request timeout:
 * claims go round the endpoints and pass over one at its limit, so its backlog waits for it alone.
 */
@Component
class WebhookWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int MAX_ERROR_LENGTH = 500;
    private static final Duration BUSY_POLL = Duration.ofSeconds(5);

    private final WebhookRepository repository;
    private final WebhookEndpoints endpoints;
    private final OutboundHttp http;
    private final WebhookResults results;
    private final JsonMapper json;
    private final WebhookSettings settings;
    private final Clock clock;
    private final Semaphore inFlight;
    /** Deliveries being sent, per endpoint and per tenant. */
    private final InFlightPerId inFlightPerEndpoint = new InFlightPerId();
    private final InFlightPerId inFlightPerTenant = new InFlightPerId();
    /** The endpoint the last claim took from last; the next claim goes on round the endpoints after it. */
    private volatile UUID resumeAfter;
    /** A permit per delivery finished since the current round began: what {@link #awaitRoom} waits for. */
    private final Semaphore finished = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    /** A fan-out a round started and left running, for the next round (or the end of the poll) to collect. */
    private final AtomicReference<Future<Integer>> runningFanOut = new AtomicReference<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final ReentrantLock polling = new ReentrantLock();

    WebhookWorker(WebhookRepository repository, WebhookEndpoints endpoints, OutboundHttp http,
            WebhookResults results, JsonMapper json, WebhookSettings settings, Clock clock) {
        this.repository = repository;
        this.endpoints = endpoints;
        this.http = http;
        this.results = results;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /**
     * Polls, and while there is a backlog goes on as soon as deliveries in flight make room, so the poll
     * interval paces an idle worker but not a busy one. One poll runs for at most {@link #BUSY_POLL}.
     */
    @Scheduled(fixedDelayString = "${opsbench.webhooks.poll-interval:250ms}")
    void poll() {
        if (paused.get()) {
            results.flush();
            return;
        }
        polling.lock();
        try {
            long deadline = System.nanoTime() + BUSY_POLL.toNanos();
            while (!paused.get() && runOnce() == Round.MORE && System.nanoTime() < deadline) {
                awaitRoom();
            }
        } catch (RuntimeException e) {
            log.warn("Webhook poll failed; retrying on the next one", e);
        } finally {
            try {
                finishFanOut();
            } finally {
                polling.unlock();
                results.flush();
            }
        }
    }

    /** Waits for a fan-out a round left running, even when the poll was interrupted (shutting down). */
    private void finishFanOut() {
        Future<Integer> fanOut = runningFanOut.getAndSet(null);
        if (fanOut == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            fannedOut(fanOut);
        } catch (RuntimeException e) {
            log.warn("Webhook fan-out failed; retrying on the next poll", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    enum Round { DONE, MORE }

    /**
     * One round: fan new events out (or let the fan-out an earlier round started go on) while claiming what
     * this node has room for, then start sending. On an idle node (nothing in flight) whose claim found
     * nothing, the round waits for its fan-out and claims what it fanned out straight after, so a new event
     * goes out in the poll after its commit. Otherwise the round does not wait: a fan-out still running is left
     * to the next round (one follows as soon as sends make room), so a backlog's sends do not wait behind
     * fanning out a batch of events (for 200 events, 10-16 ms on a busy 2-core machine, while 64 sends to a
     * fast endpoint finish in a few) or behind a fan-out waiting for a row lock, and the deliveries it fans out
     * are claimed by a later round. {@link Round#MORE} when a backlog may be left: a fan-out is still running or
     * fanned out a full batch of events, the node had no room, or the round claimed anything (an endpoint may
     * have more than its limit let this round take). A round that finds nothing ends the poll, so a trickle of
     * events is picked up once per poll interval, not in a busy loop.
     */
    Round runOnce() {
        finished.drainPermits();
        Instant now = clock.instant();
        Future<Integer> fanOut = runningFanOut.getAndSet(null);
        if (fanOut == null) {
            fanOut = senders.submit(() -> repository.dispatch(settings.batchSize(), now));
        }
        int room = Math.min(inFlight.availablePermits(), settings.batchSize());
        int claimed;
        try {
            claimed = room == 0 ? 0 : send(claim(room, now));
        } catch (RuntimeException e) {
            runningFanOut.compareAndSet(null, fanOut); // for the end of the poll to collect
            throw e;
        }
        boolean idle = claimed == 0 && inFlight.availablePermits() == settings.maxInFlight();
        boolean collect = idle || fanOut.isDone();
        if (!collect && runningFanOut.compareAndSet(null, fanOut)) {
            return Round.MORE;
        }
        int dispatched = fannedOut(fanOut);
        if (dispatched > 0 && claimed == 0 && room > 0) {
            // the clock read again: a fan-out may have waited (for a row lock, say) longer than a lease lasts
            claimed = send(claim(room, clock.instant()));
        }
        return dispatched == settings.batchSize() || room == 0 || claimed > 0 ? Round.MORE : Round.DONE;
    }

    private List<WebhookRepository.Claimed> claim(int room, Instant now) {
        Claims<WebhookRepository.Claimed> claims = repository.claim(room, now, settings.lease(),
                new WebhookRepository.Limits(settings.maxInFlightPerEndpoint(), inFlightPerEndpoint.snapshot(),
                        settings.maxInFlightPerTenant(), inFlightPerTenant.snapshot()), resumeAfter);
        resumeAfter = claims.resumeAfter();
        return claims.deliveries();
    }

    /** Starts sending each claimed delivery on its own virtual thread; answers how many. */
    private int send(List<WebhookRepository.Claimed> claimed) {
        for (WebhookRepository.Claimed delivery : claimed) {
            inFlight.acquireUninterruptibly();
            inFlightPerEndpoint.started(delivery.endpointId());
            inFlightPerTenant.started(delivery.tenantId().value());
            senders.execute(() -> {
                try {
                    deliver(delivery);
                } catch (RuntimeException e) {
                    log.warn("Delivery {} failed unexpectedly; its lease will expire and it is tried again",
                            delivery.deliveryId(), e);
                } finally {
                    inFlightPerEndpoint.finished(delivery.endpointId());
                    inFlightPerTenant.finished(delivery.tenantId().value());
                    inFlight.release();
                    finished.release();
                }
            });
        }
        return claimed.size();
    }

    private static int fannedOut(Future<Integer> fanOut) {
        try {
            return fanOut.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits until half of the deliveries in flight when the round ended have finished (at least one), or one
     * poll interval: the next round then has room to fill, whether the room is the node's or an endpoint's.
     */
    private void awaitRoom() {
        int wanted = Math.max(1, (settings.maxInFlight() - inFlight.availablePermits()) / 2);
        try {
            finished.tryAcquire(wanted, settings.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            paused.set(true);
        }
    }

    /**
     * Stops polling once the poll in progress, if any, has finished its round; deliveries already sent
     * finish. For operations and tests.
     */
    void pause() {
        paused.set(true);
        polling.lock();
        polling.unlock();
    }

    void resume() {
        paused.set(false);
    }

    void deliver(WebhookRepository.Claimed delivery) {
        String body = envelope(delivery);
        long timestamp = clock.instant().getEpochSecond();
        List<String> secrets = new ArrayList<>();
        secrets.add(endpoints.decrypt(delivery.endpointId(), delivery.secret()));
        if (delivery.previousSecret() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(clock.instant())) {
            secrets.add(endpoints.decrypt(delivery.endpointId(), delivery.previousSecret()));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("User-Agent", List.of("Opsbench-Webhooks/1"));
        headers.put("webhook-id", List.of(delivery.eventId()));
        headers.put("webhook-timestamp", List.of(Long.toString(timestamp)));
        headers.put("webhook-signature", List.of(WebhookSigner.signatureHeader(secrets, delivery.eventId(), timestamp,
                body)));
        Outcome outcome;
        try {
            OutboundHttp.Response response = http.send("POST", URI.create(delivery.url()), headers,
                    body.getBytes(StandardCharsets.UTF_8), settings.requestTimeout());
            outcome = new Outcome(response.status(), null, retryAfter(response.headers()));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            outcome = new Outcome(null, truncate(cause.getClass().getSimpleName() + ": " + cause.getMessage()), null);
        }
        record(delivery, outcome);
    }

    private record Outcome(Integer status, String error, Duration retryAfter) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        boolean gone() {
            return status != null && status == 410;
        }
    }

    /** Queues the attempt's result with {@link WebhookResults}: written at once when it failed, in a batch if not. */
    private void record(WebhookRepository.Claimed delivery, Outcome outcome) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (outcome.delivered()) {
            results.add(new WebhookRepository.Attempted(delivery, "delivered", outcome.status(), null, null, now));
            return;
        }
        boolean last = outcome.gone() || delivery.attempt() >= settings.maxAttempts();
        results.add(new WebhookRepository.Attempted(delivery, last ? "dead" : "retrying", outcome.status(),
                outcome.error() != null ? outcome.error() : "HTTP " + outcome.status(), last ? null
                : now.plus(delay(delivery.attempt(), outcome.retryAfter())), now));
    }

    private Duration delay(int attempt, Duration retryAfter) {
        Duration base = settings.retrySchedule().get(Math.min(attempt, settings.retrySchedule().size()) - 1);
        long millis = base.toMillis();
        long jitter = millis / 10;
        Duration planned = Duration.ofMillis(millis + (jitter == 0 ? 0
                : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1)));
        if (retryAfter != null && retryAfter.compareTo(planned) > 0) {
            return retryAfter.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : retryAfter;
        }
        return planned;
    }

    private String envelope(WebhookRepository.Claimed delivery) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", delivery.eventId());
        envelope.put("type", delivery.eventType());
        envelope.put("created_at", delivery.eventCreatedAt().toString());
        envelope.put("tenant_id", delivery.tenantId().toString());
        // the payload is a jsonb column's text, valid JSON already: embedded as it is, not parsed and written again
        envelope.putRawValue("data", new RawValue(delivery.payload()));
        return json.writeValueAsString(envelope);
    }

    private static Duration retryAfter(Map<String, List<String>> headers) {
        String value = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Duration.between(Instant.now(), at).isNegative() ? Duration.ZERO
                        : Duration.between(Instant.now(), at);
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void purgeOldEvents() {
        int purged = repository.purge(clock.instant().minus(Duration.ofDays(30)));
        if (purged > 0) {
            log.info("Purged {} events older than 30 days", purged);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        pause();
        senders.shutdown();
        senders.awaitTermination(settings.requestTimeout().toSeconds() + 1, TimeUnit.SECONDS);
        results.flush();
    }
}
