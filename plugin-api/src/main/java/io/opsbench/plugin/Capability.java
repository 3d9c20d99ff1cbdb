package io.opsbench.plugin;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a plugin can provide to the platform. A manifest lists the capabilities of its plugin by
 * {@link #wireName() wire name}; each has one extension point in the package of the same name.
 *
 * @since 1.0
 */
public enum Capability {
    /** Send email ({@code io.opsbench.plugin.email.EmailSender}). */
    EMAIL("email"),
    /** Send SMS ({@code io.opsbench.plugin.sms.SmsSender}). */
    SMS("sms"),
    /** Charge and refund ({@code io.opsbench.plugin.payments.PaymentProcessor}). */
    PAYMENTS("payments"),
    /** Route inbound calls ({@code io.opsbench.plugin.voice.CallRouter}). */
    VOICE("voice"),
    /** Triage problem descriptions ({@code io.opsbench.plugin.ai.ProblemTriage}). */
    AI("ai"),
    /** Receive platform events ({@code io.opsbench.plugin.events.EventListener}). */
    EVENTS("events");

    private final String wireName;

    Capability(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The lower-case name used in manifests and in the platform's HTTP API.
     *
     * @return the wire name, e.g. {@code "sms"}
     * @since 1.0
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Finds a capability by wire name.
     *
     * @param wireName a lower-case name such as {@code "payments"}
     * @return the capability, or empty when the name is unknown
     * @since 1.0
     */
    public static Optional<Capability> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }
}
