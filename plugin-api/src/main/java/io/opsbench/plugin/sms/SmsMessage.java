package io.opsbench.plugin.sms;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A text message to send.
 *
 * @param to the recipient in E.164 form, e.g. {@code +4915112345678}
 * @param body the text, not blank
 * @since 1.0
 */
public record SmsMessage(String to, String body) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    /**
     * Validates the message.
     *
     * @since 1.0
     */
    public SmsMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        if (!E164.matcher(to).matches()) {
            throw new IllegalArgumentException("to must be an E.164 number such as +4915112345678");
        }
        if (body.isBlank()) {
            throw new IllegalArgumentException("body must not be blank");
        }
    }
}
