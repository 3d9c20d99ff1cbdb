package io.opsbench.plugin.voice;

import java.util.Objects;
import java.util.Optional;

/**
 * A ringing inbound call.
 *
 * @param callId the telephony provider's id of the call
 * @param caller the calling number, E.164 when known
 * @param callee the number that was dialled
 * @param customer the shop's customer whose phone number matched the caller, if any
 * @since 1.0
 */
public record InboundCall(String callId, String caller, String callee, Optional<MatchedCustomer> customer) {

    /**
     * Validates the call.
     *
     * @since 1.0
     */
    public InboundCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        customer = customer == null ? Optional.empty() : customer;
    }
}
