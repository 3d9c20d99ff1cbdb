package io.opsbench.plugin.voice;

import java.util.Objects;

/**
 * What to do with an inbound call.
 *
 * @since 1.0
 */
public sealed interface RoutingDecision {

    /**
     * Connect the call to another number.
     *
     * @param number the number to ring, E.164
     * @since 1.0
     */
    record Forward(String number) implements RoutingDecision {
        /**
         * Validates the decision.
         *
         * @since 1.0
         */
        public Forward {
            Objects.requireNonNull(number, "number");
        }
    }

    /**
     * Play a greeting and record a voicemail.
     *
     * @param greeting the text spoken before the tone
     * @since 1.0
     */
    record Voicemail(String greeting) implements RoutingDecision {
        /**
         * Validates the decision.
         *
         * @since 1.0
         */
        public Voicemail {
            Objects.requireNonNull(greeting, "greeting");
        }
    }

    /**
     * Speak a message and hang up.
     *
     * @param text the text spoken to the caller
     * @since 1.0
     */
    record Message(String text) implements RoutingDecision {
        /**
         * Validates the decision.
         *
         * @since 1.0
         */
        public Message {
            Objects.requireNonNull(text, "text");
        }
    }
}
