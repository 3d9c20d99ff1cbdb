package io.opsbench.plugin.email;

import java.util.List;
import java.util.Objects;

/**
 * An email to send. At least one of {@code textBody} and {@code htmlBody} is present.
 *
 * @param to the recipients' addresses, at least one
 * @param subject the subject line
 * @param textBody the plain-text body, or {@code null}
 * @param htmlBody the HTML body, or {@code null}
 * @param replyTo the reply-to address, or {@code null}
 * @since 1.0
 */
public record EmailMessage(List<String> to, String subject, String textBody, String htmlBody, String replyTo) {

    /**
     * Validates the message.
     *
     * @since 1.0
     */
    public EmailMessage {
        to = List.copyOf(Objects.requireNonNull(to, "to"));
        Objects.requireNonNull(subject, "subject");
        if (to.isEmpty() || to.stream().anyMatch(address -> !address.contains("@"))) {
            throw new IllegalArgumentException("to must list at least one email address");
        }
        if (isBlank(textBody) && isBlank(htmlBody)) {
            throw new IllegalArgumentException("an email needs a text body, an HTML body or both");
        }
    }

    private static boolean isBlank(String body) {
        return body == null || body.isBlank();
    }
}
