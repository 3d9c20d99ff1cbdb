package io.opsbench.platform.customer;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.Patches;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/** A tenant's customers. Runs with the tenant bound; another tenant's customer does not exist here. */
@Service
public class Customers {

    private final CustomerRepository repository;
    private final Patches patches;
    private final DomainEvents events;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    Customers(CustomerRepository repository, Patches patches, DomainEvents events, ApplicationEventPublisher publisher,
            Clock clock) {
        this.repository = repository;
        this.patches = patches;
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Transactional
    public Customer create(CustomerFields fields) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Customer customer = new Customer(Ids.newId(clock), fields.name().strip(), fields.email(), fields.phone(),
                fields.address(), fields.notes(), now, now);
        repository.insert(TenantScope.require(), customer);
        events.record("customer.created", "customer", customer.id(), Map.of("customer", customer));
        return customer;
    }

    /** One statement, so no transaction: it runs under the tenant in a single round trip. */
    public Customer get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("customer", id));
    }

    /** @param q case-insensitive text contained in the name, email or phone; null for all */
    @Transactional(readOnly = true)
    public Page<Customer> list(PageRequest page, String q) {
        return Page.of(repository.list(page, q), page, Customer::createdAt, Customer::id, q);
    }

    /** Applies a PATCH body: absent fields keep their value, {@code null} clears an optional one. */
    @Transactional
    public Customer update(UUID id, ObjectNode patch) {
        Customer current = repository.lock(id).orElseThrow(() -> new ResourceNotFound("customer", id));
        ETags.requireCurrent(current);
        CustomerFields fields = patches.apply(current.fields(), patch, CustomerFields.class);
        Customer next = new Customer(id, fields.name().strip(), fields.email(), fields.phone(), fields.address(),
                fields.notes(), current.createdAt(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        repository.update(next);
        events.record("customer.updated", "customer", id, Map.of("customer", next));
        return next;
    }

    /**
     * Deletes the customer with its assets and its closed or cancelled tickets. Refused with 409
     * {@code resource_in_use} while any feature listening to {@link CustomerDeleting} still needs it.
     */
    @Transactional
    public void delete(UUID id) {
        ETags.requireCurrent(repository.lock(id).orElseThrow(() -> new ResourceNotFound("customer", id)));
        publisher.publishEvent(new CustomerDeleting(id));
        repository.delete(id);
        events.record("customer.deleted", "customer", id, Map.of("customer_id", id));
    }

    /**
     * The customer a new record is about to reference, share-locked until the caller's transaction
     * ends so a concurrent delete waits for it (and then sees the reference). Not visible → 404.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Customer reference(UUID id) {
        return repository.share(id).orElseThrow(() -> new ResourceNotFound("customer", id));
    }
}
