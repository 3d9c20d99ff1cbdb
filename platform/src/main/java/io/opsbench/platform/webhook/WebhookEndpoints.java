package io.opsbench.platform.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opsbench.platform.web.ETags;
import io.opsbench.platform.crypto.Secrets;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.event.EventTypes;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.Problem;
import io.opsbench.platform.web.ResourceNotFound;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's webhook endpoints: their URLs, subscriptions and signing secrets, and their deliveries. */
@Service
public class WebhookEndpoints {

    private static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final WebhookRepository repository;
    private final Secrets secrets;
    private final DomainEvents events;
    private final Clock clock;
    private final Cache<Sealed, String> opened = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    WebhookEndpoints(WebhookRepository repository, Secrets secrets, DomainEvents events, Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.events = events;
        this.clock = clock;
    }

    /** A new endpoint and its signing secret, shown this once. */
    record Created(WebhookEndpoint endpoint, String secret) {
    }

    @Transactional
    Created create(String url, List<String> eventFilters, String description) {
        Instant now = now();
        WebhookEndpoint endpoint = new WebhookEndpoint(Ids.newId(clock), checkUrl(url), checkEvents(eventFilters),
                description, true, null, null, now, now);
        String secret = WebhookSigner.newSecret();
        repository.insertEndpoint(TenantScope.require(), endpoint, seal(endpoint.id(), secret));
        return new Created(endpoint, secret);
    }

    @Transactional(readOnly = true)
    WebhookEndpoint get(UUID id) {
        return repository.findEndpoint(id).orElseThrow(() -> new ResourceNotFound("webhook_endpoint", id));
    }

    @Transactional(readOnly = true)
    Page<WebhookEndpoint> list(PageRequest page) {
        return Page.of(repository.listEndpoints(page), page, WebhookEndpoint::createdAt, WebhookEndpoint::id);
    }

    @Transactional
    WebhookEndpoint update(UUID id, String url, List<String> eventFilters, String description, Boolean enabled) {
        WebhookEndpoint current = locked(id);
        ETags.requireCurrent(current);
        boolean enabling = Boolean.TRUE.equals(enabled) && !current.enabled();
        WebhookEndpoint next = new WebhookEndpoint(id, url == null ? current.url() : checkUrl(url),
                eventFilters == null ? current.events() : checkEvents(eventFilters),
                description == null ? current.description() : description,
                enabled == null ? current.enabled() : enabled,
                enabled == null ? current.disabledReason() : enabled ? null : "disabled by the tenant",
                enabling ? null : current.failingSince(), current.createdAt(), now());
        repository.updateEndpoint(next);
        return next;
    }

    /**
     * Deletes the endpoint's deliveries before locking the endpoint: whoever records a delivery's result locks the
     * delivery and then, to update the failing streak, the endpoint, so locking the endpoint first and its
     * deliveries after (as the cascade alone would) deadlocked with a result being recorded. A failed
     * precondition rolls the deliveries' deletion back with the rest.
     */
    @Transactional
    void delete(UUID id) {
        repository.deleteDeliveries(id);
        ETags.requireCurrent(locked(id));
        repository.deleteEndpoint(id);
    }

    /** A rotated secret and until when the previous one keeps signing alongside it. */
    record Rotated(String secret, Instant previousSecretExpiresAt) {
    }

    /** A new secret; the old one keeps signing alongside it for 24 hours. */
    @Transactional
    Rotated rotateSecret(UUID id) {
        locked(id);
        String secret = WebhookSigner.newSecret();
        Instant now = now();
        Instant previousExpiresAt = now.plus(ROTATION_OVERLAP);
        repository.rotateSecret(id, seal(id, secret), previousExpiresAt, now);
        return new Rotated(secret, previousExpiresAt);
    }

    /** Records a {@code webhook.test} event and a delivery of it to this endpoint only. */
    @Transactional
    Map<String, Object> sendTest(UUID id) {
        WebhookEndpoint endpoint = locked(id);
        var event = events.record("webhook.test", "webhook_endpoint", id,
                Map.of("webhook_endpoint_id", id, "message", "A test event from Opsbench"));
        UUID deliveryId = Ids.newId(clock);
        repository.insertDelivery(TenantScope.require(), deliveryId, endpoint.id(), event.id(), now());
        return Map.of("event_id", event.id(), "delivery_id", deliveryId);
    }

    @Transactional(readOnly = true)
    Page<WebhookDelivery> deliveries(UUID endpointId, String status, PageRequest page) {
        get(endpointId);
        return Page.of(repository.listDeliveries(endpointId, status, page), page, WebhookDelivery::createdAt,
                WebhookDelivery::id, endpointId, status);
    }

    /** Sends one delivery again from a fresh schedule. */
    @Transactional
    WebhookDelivery retry(UUID deliveryId) {
        repository.findDelivery(deliveryId).orElseThrow(() -> new ResourceNotFound("webhook_delivery", deliveryId));
        repository.replay(deliveryId, now());
        return repository.findDelivery(deliveryId).orElseThrow();
    }

    /** Sends every dead delivery of the endpoint since a time again. */
    @Transactional
    int recover(UUID endpointId, Instant since) {
        locked(endpointId);
        return repository.recover(endpointId, since, now());
    }

    /**
     * An endpoint's signing secret from its sealed form. Every delivery needs it, so the last ones opened
     * are kept for a few minutes, keyed by the sealed bytes themselves: a rotated secret has new ones.
     */
    String decrypt(UUID endpointId, byte[] sealed) {
        return opened.get(new Sealed(endpointId, ByteBuffer.wrap(sealed.clone())),
                key -> new String(secrets.decrypt(sealed, "webhook:" + endpointId), StandardCharsets.UTF_8));
    }

    private record Sealed(UUID endpointId, ByteBuffer bytes) {
    }

    private byte[] seal(UUID endpointId, String secret) {
        return secrets.encrypt(secret.getBytes(StandardCharsets.UTF_8), "webhook:" + endpointId);
    }

    private WebhookEndpoint locked(UUID id) {
        return repository.lockEndpoint(id).orElseThrow(() -> new ResourceNotFound("webhook_endpoint", id));
    }

    private static String checkUrl(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw InvalidInput.pointer("/url", "must be an http or https URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw InvalidInput.pointer("/url", "must not carry credentials");
            }
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw InvalidInput.pointer("/url", "is not a valid URL");
        }
    }

    private static List<String> checkEvents(List<String> filters) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i) == null || !EventTypes.isValidFilter(filters.get(i))) {
                errors.add(Problem.FieldError.pointer("/events/" + i,
                        "is not an event type, a 'resource.*' wildcard or '*'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return filters.stream().distinct().toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
