package io.opsbench.platform.quote;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/quotes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Quotes", description = "Priced offers, emailed to the customer and accepted with a signature.")
class QuoteController {

    private final Quotes quotes;

    QuoteController(Quotes quotes) {
        this.quotes = quotes;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Draft a quote", description = "Numbered `Q-000001`, … per tenant. Each line's `subtotal` "
            + "(quantity × unit_price) and `tax` (subtotal × tax_rate_bps / 10000) are rounded half-up to the minor "
            + "unit; the quote's totals are the sums of its lines. `currency` defaults to EUR.")
    Quote create(@Valid @RequestBody NewQuoteRequest request, Principal.Tenant caller) {
        return quotes.create(new Quotes.NewQuote(request.customerId(), request.ticketId(), request.workOrderId(),
                request.currency(), request.validUntil(), request.lineItems() == null ? List.of() : request.lineItems()),
                caller.keyId());
    }

    @GetMapping
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List quotes", description = "Filters: `status`, `customer_id`, `ticket_id`.")
    Page<Quote> list(@RequestParam(required = false) QuoteStatus status,
            @RequestParam(name = "customer_id", required = false) UUID customerId,
            @RequestParam(name = "ticket_id", required = false) UUID ticketId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return quotes.list(status, customerId, ticketId, PageRequest.of(limit, cursor, status, customerId, ticketId));
    }

    @GetMapping("/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a quote")
    Quote get(@PathVariable UUID id) {
        return quotes.get(id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Change a draft", description = "`currency`, `valid_until`, `line_items` (replaced as a "
            + "whole). A quote that is no longer a draft answers 409 `quote_not_editable`.")
    Quote update(@PathVariable UUID id, @Valid @RequestBody QuoteChanges request) {
        return quotes.update(id, request.currency(), request.validUntil(), false, request.lineItems());
    }

    @PostMapping("/{id}/send")
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Email the quote to the customer", description = "Through the tenant's `email` capability; "
            + "moves the quote to `sent`. No email capability → 409 `capability_unavailable`; a customer without an "
            + "email address → 422.")
    Quote send(@PathVariable UUID id, Principal.Tenant caller) {
        return quotes.send(id, caller.keyId());
    }

    @PostMapping(path = "/{id}/accept", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Accept a sent quote", description = "Records the signer, the time and a SHA-256 of the "
            + "accepted line items. Past `valid_until` → 409 `quote_expired` and the quote becomes `expired`. "
            + "A linked ticket awaiting approval moves to `approved`.")
    Quote accept(@PathVariable UUID id, @Valid @RequestBody Acceptance request, Principal.Tenant caller) {
        return quotes.accept(id, request.signatureName(), caller.keyId());
    }

    @PostMapping(path = "/{id}/decline", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Decline a sent quote")
    Quote decline(@PathVariable UUID id, @Valid @RequestBody Declination request, Principal.Tenant caller) {
        return quotes.decline(id, request.reason(), caller.keyId());
    }

    @GetMapping("/{id}/history")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "A quote's status changes", description = "Drafted, sent, accepted, declined or expired: "
            + "from, to, note, actor and time.")
    Page<QuoteTransition> history(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return quotes.history(id, PageRequest.of(limit, cursor, id));
    }

    record NewQuoteRequest(@NotNull UUID customerId, UUID ticketId, UUID workOrderId,
            @Size(min = 3, max = 3) String currency, Instant validUntil,
            @Size(max = 200) List<@Valid @NotNull NewLineItem> lineItems) {
    }

    record QuoteChanges(@Size(min = 3, max = 3) String currency, Instant validUntil,
            @Size(max = 200) List<@Valid @NotNull NewLineItem> lineItems) {
    }

    record Acceptance(@NotBlank @Size(max = 200) String signatureName) {
    }

    record Declination(@NotBlank @Size(max = 2000) String reason) {
    }
}
