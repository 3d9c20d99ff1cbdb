package io.opsbench.platform.quote;

import io.opsbench.platform.crypto.Sha256;
import io.opsbench.platform.web.ETags;
import io.opsbench.platform.customer.Customer;
import io.opsbench.platform.customer.CustomerDeleting;
import io.opsbench.platform.customer.Customers;
import io.opsbench.platform.web.ResourceInUse;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.inventory.Inventory;
import io.opsbench.platform.numbering.Numbers;
import io.opsbench.platform.plugin.CapabilityCalls;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.tenant.Tenants;
import io.opsbench.platform.ticket.InvalidTransition;
import io.opsbench.platform.ticket.Ticket;
import io.opsbench.platform.ticket.TicketStatus;
import io.opsbench.platform.ticket.Tickets;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ResourceNotFound;
import io.opsbench.platform.workorder.WorkOrder;
import io.opsbench.platform.workorder.WorkOrders;
import io.opsbench.plugin.Capability;
import io.opsbench.plugin.email.EmailMessage;
import io.opsbench.plugin.email.EmailSender;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quotes: drafted with priced line items, emailed to the customer through the tenant's email
 * capability (outside any transaction), then accepted with a signature, declined or expired.
 */
@Service
public class Quotes {

    private final QuoteRepository repository;
    private final Customers customers;
    private final Tickets tickets;
    private final WorkOrders workOrders;
    private final Inventory inventory;
    private final Tenants tenants;
    private final Numbers numbers;
    private final DomainEvents events;
    private final CapabilityCalls capabilities;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    Quotes(QuoteRepository repository, Customers customers, Tickets tickets, WorkOrders workOrders, Inventory inventory,
            Tenants tenants, Numbers numbers, DomainEvents events, CapabilityCalls capabilities,
            TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.tickets = tickets;
        this.workOrders = workOrders;
        this.inventory = inventory;
        this.tenants = tenants;
        this.numbers = numbers;
        this.events = events;
        this.capabilities = capabilities;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    record NewQuote(UUID customerId, UUID ticketId, UUID workOrderId, String currency, Instant validUntil,
            List<NewLineItem> lineItems) {
    }

    @Transactional
    Quote create(NewQuote command, UUID actorKeyId) {
        customers.reference(command.customerId());
        if (command.ticketId() != null && command.workOrderId() != null) {
            throw InvalidInput.pointer("/work_order_id", "a quote is for a ticket or a work order, not both");
        }
        if (command.ticketId() != null) {
            Ticket ticket = tickets.get(command.ticketId());
            if (!ticket.customerId().equals(command.customerId())) {
                throw InvalidInput.pointer("/ticket_id", "belongs to another customer than customer_id");
            }
        }
        if (command.workOrderId() != null) {
            WorkOrder workOrder = workOrders.get(command.workOrderId());
            if (!workOrder.customerId().equals(command.customerId())) {
                throw InvalidInput.pointer("/work_order_id", "belongs to another customer than customer_id");
            }
        }
        List<LineItem> items = priced(command.lineItems());
        Instant now = now();
        Quote quote = totals(new Quote(Ids.newId(clock), numbers.next("quotes", "Q"), command.customerId(),
                command.ticketId(), command.workOrderId(), currency(command.currency()), command.validUntil(),
                QuoteStatus.DRAFT, items, 0, 0, 0, null, null, null, null, null, null, null, null, now, now));
        repository.insert(TenantScope.require(), quote);
        history(quote, null, QuoteStatus.DRAFT, null, actorKeyId);
        events.record("quote.created", "quote", quote.id(), Map.of("quote", quote));
        return quote;
    }

    @Transactional(readOnly = true)
    public Quote get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("quote", id));
    }

    @Transactional(readOnly = true)
    Page<Quote> list(QuoteStatus status, UUID customerId, UUID ticketId, PageRequest page) {
        return Page.of(repository.list(status, customerId, ticketId, page), page, Quote::createdAt, Quote::id, status,
                customerId, ticketId);
    }

    /** Changes a draft: currency, validity, line items (replaced as a whole). Anything else is 409. */
    @Transactional
    Quote update(UUID id, String currency, Instant validUntil, boolean clearValidUntil, List<NewLineItem> lineItems) {
        Quote current = locked(id);
        ETags.requireCurrent(current);
        if (current.status() != QuoteStatus.DRAFT) {
            throw new ProblemException(ProblemCode.QUOTE_NOT_EDITABLE,
                    "Quote %s is %s; only drafts can be changed".formatted(current.number(), current.status()));
        }
        List<LineItem> items = lineItems == null ? current.lineItems() : priced(lineItems);
        Quote next = totals(new Quote(id, current.number(), current.customerId(), current.ticketId(),
                current.workOrderId(), currency == null ? current.currency() : currency(currency),
                clearValidUntil ? null : validUntil == null ? current.validUntil() : validUntil, current.status(),
                items, 0, 0, 0, null, null, null, null, null, null, null, null, current.createdAt(), now()));
        repository.update(TenantScope.require(), next, lineItems != null);
        return next;
    }

    /**
     * Emails the quote to its customer and marks it sent. The email goes out between two short
     * transactions, never inside one: a slow mail provider holds no database connection.
     */
    Quote send(UUID id, UUID actorKeyId) {
        TenantId tenant = TenantScope.require();
        EmailMessage message = transactions.execute(tx -> {
            Quote quote = get(id);
            ETags.requireCurrent(quote);
            if (quote.status() != QuoteStatus.DRAFT) {
                throw new InvalidTransition("quote", quote.status(), QuoteStatus.SENT, quote.status().next());
            }
            if (quote.lineItems().isEmpty()) {
                throw InvalidInput.pointer("/line_items", "a quote needs at least one line item to be sent");
            }
            Customer customer = customers.get(quote.customerId());
            if (customer.email() == null || customer.email().isBlank()) {
                throw InvalidInput.pointer("/customer_id", "the customer has no email address to send the quote to");
            }
            String shop = tenants.get(tenant).name();
            return new EmailMessage(List.of(customer.email()), QuoteEmail.subject(quote, shop),
                    QuoteEmail.text(quote, customer.name(), shop), QuoteEmail.html(quote, customer.name(), shop), null);
        });
        var receipt = capabilities.call(Capability.EMAIL, EmailSender.class,
                (sender, context) -> sender.send(context, message));
        return transactions.execute(tx -> {
            Quote current = locked(id);
            if (current.status() != QuoteStatus.DRAFT) {
                return current;
            }
            Quote sent = with(current, QuoteStatus.SENT, now(), receipt.value().providerMessageId(), null, null, null,
                    null, null, null);
            repository.update(tenant, sent, false);
            history(sent, QuoteStatus.DRAFT, QuoteStatus.SENT, "emailed to the customer", actorKeyId);
            events.record("quote.sent", "quote", id, Map.of("quote", sent, "email_message_id",
                    receipt.value().providerMessageId(), "installation_id", receipt.installationId()));
            return sent;
        });
    }

    /**
     * Accepts a sent quote with the customer's signature and a SHA-256 of the accepted line items. A
     * quote past {@code valid_until} becomes {@code expired} (that is kept) and the answer is 409
     * {@code quote_expired}. Accepting a ticket's quote approves a ticket awaiting approval.
     */
    Quote accept(UUID id, String signatureName, UUID actorKeyId) {
        Quote result = transactions.execute(tx -> {
            Quote current = locked(id);
            ETags.requireCurrent(current);
            if (current.status() != QuoteStatus.SENT) {
                throw new InvalidTransition("quote", current.status(), QuoteStatus.ACCEPTED, current.status().next());
            }
            Instant now = now();
            if (current.validUntil() != null && now.isAfter(current.validUntil())) {
                Quote expired = with(current, QuoteStatus.EXPIRED, current.sentAt(), current.emailMessageId(), null,
                        null, null, null, null, now);
                repository.update(TenantScope.require(), expired, false);
                history(expired, QuoteStatus.SENT, QuoteStatus.EXPIRED, "accepted after valid_until", actorKeyId);
                events.record("quote.expired", "quote", id, Map.of("quote", expired));
                return expired;
            }
            Quote accepted = with(current, QuoteStatus.ACCEPTED, current.sentAt(), current.emailMessageId(),
                    signatureName.strip(), now, hash(current.lineItems()), null, null, null);
            repository.update(TenantScope.require(), accepted, false);
            history(accepted, QuoteStatus.SENT, QuoteStatus.ACCEPTED, "signed by " + accepted.signatureName(),
                    actorKeyId);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("quote", accepted);
            data.put("previous_status", current.status());
            events.record("quote.accepted", "quote", id, data);
            if (accepted.ticketId() != null
                    && tickets.get(accepted.ticketId()).status() == TicketStatus.AWAITING_APPROVAL) {
                tickets.transition(accepted.ticketId(), TicketStatus.APPROVED,
                        "Quote %s accepted by %s".formatted(accepted.number(), accepted.signatureName()), actorKeyId);
            }
            return accepted;
        });
        if (result.status() == QuoteStatus.EXPIRED) {
            throw new ProblemException(ProblemCode.QUOTE_EXPIRED, "Quote %s expired at %s and can no longer be accepted"
                    .formatted(result.number(), result.validUntil()), List.of(),
                    Map.of("valid_until", result.validUntil().toString()));
        }
        return result;
    }

    @Transactional
    Quote decline(UUID id, String reason, UUID actorKeyId) {
        Quote current = locked(id);
        ETags.requireCurrent(current);
        if (current.status() != QuoteStatus.SENT) {
            throw new InvalidTransition("quote", current.status(), QuoteStatus.DECLINED, current.status().next());
        }
        Quote declined = with(current, QuoteStatus.DECLINED, current.sentAt(), current.emailMessageId(), null, null,
                null, reason.strip(), now(), null);
        repository.update(TenantScope.require(), declined, false);
        history(declined, QuoteStatus.SENT, QuoteStatus.DECLINED, declined.declineReason(), actorKeyId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("quote", declined);
        data.put("previous_status", current.status());
        events.record("quote.declined", "quote", id, data);
        return declined;
    }

    @Transactional(readOnly = true)
    Page<QuoteTransition> history(UUID id, PageRequest page) {
        get(id);
        return Page.of(repository.history(id, page), page, QuoteTransition::createdAt, QuoteTransition::id, id);
    }

    private void history(Quote quote, QuoteStatus from, QuoteStatus to, String note, UUID actorKeyId) {
        repository.insertTransition(TenantScope.require(), quote.id(),
                new QuoteTransition(Ids.newId(clock), from, to, note, actorKeyId, now()));
    }

    /** A customer with draft or sent quotes stays: its delete answers 409 {@code resource_in_use}. */
    @EventListener
    void refuseDeletingCustomerWithOpenQuotes(CustomerDeleting deleting) {
        long open = repository.openOfCustomer(deleting.customerId());
        if (open > 0) {
            throw new ResourceInUse("The customer has %d open quote%s; decline or let %s expire first"
                    .formatted(open, open == 1 ? "" : "s", open == 1 ? "it" : "them"), Map.of("open_quotes", open));
        }
    }

    private List<LineItem> priced(List<NewLineItem> lines) {
        for (int i = 0; i < lines.size(); i++) {
            UUID partId = lines.get(i).partId();
            if (partId != null) {
                inventory.part(partId);
            }
        }
        return lines.stream().map(NewLineItem::priced).toList();
    }

    private static Quote totals(Quote q) {
        long subtotal = q.lineItems().stream().mapToLong(LineItem::subtotal).sum();
        long tax = q.lineItems().stream().mapToLong(LineItem::tax).sum();
        return new Quote(q.id(), q.number(), q.customerId(), q.ticketId(), q.workOrderId(), q.currency(),
                q.validUntil(), q.status(), q.lineItems(), subtotal, tax, Math.addExact(subtotal, tax), q.sentAt(),
                q.emailMessageId(), q.signatureName(), q.acceptedAt(), q.acceptedHash(), q.declineReason(),
                q.declinedAt(), q.expiredAt(), q.createdAt(), q.updatedAt());
    }

    private Quote with(Quote q, QuoteStatus status, Instant sentAt, String emailMessageId, String signatureName,
            Instant acceptedAt, String acceptedHash, String declineReason, Instant declinedAt, Instant expiredAt) {
        return new Quote(q.id(), q.number(), q.customerId(), q.ticketId(), q.workOrderId(), q.currency(),
                q.validUntil(), status, q.lineItems(), q.subtotal(), q.tax(), q.total(), sentAt, emailMessageId,
                signatureName, acceptedAt, acceptedHash, declineReason, declinedAt, expiredAt, q.createdAt(), now());
    }

    private String hash(List<LineItem> items) {
        return Sha256.hex(json.writeValueAsBytes(items));
    }

    private Quote locked(UUID id) {
        return repository.lock(id).orElseThrow(() -> new ResourceNotFound("quote", id));
    }

    private static String currency(String code) {
        String upper = code == null ? "EUR" : code.strip().toUpperCase(java.util.Locale.ROOT);
        try {
            return Currency.getInstance(upper).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw InvalidInput.pointer("/currency", "is not an ISO 4217 currency code");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
