package io.opsbench.samples.sms;

import io.opsbench.plugin.PluginConfig;
import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.PluginException;
import io.opsbench.plugin.PluginHttpRequest;
import io.opsbench.plugin.PluginHttpResponse;
import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsReceipt;
import io.opsbench.plugin.sms.SmsSender;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Sends an SMS by POSTing {@code {"to": ..., "body": ...}} to the configured {@code endpoint}, with
 * {@code Authorization: Bearer <token>} when the secret {@code token} is configured. The gateway answers
 * with {@code {"id": "..."}} (or an {@code X-Message-Id} header), which becomes the receipt.
 *
 * <p>One instance serves every tenant: everything tenant-specific is read from the context on each call
 * and nothing is kept in fields.
 */
@Extension
public class HttpSmsSender implements SmsSender {

    private static final Pattern ID_FIELD = Pattern.compile("\"id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Override
    public SmsReceipt send(PluginContext context, SmsMessage message) {
        PluginConfig config = context.config();
        PluginHttpRequest request = PluginHttpRequest.post(endpoint(config), "application/json",
            JsonText.object("to", message.to(), "body", message.body()));
        Optional<String> token = config.optionalString("token");
        if (token.isPresent()) {
            request = request.withHeader("Authorization", "Bearer " + token.get());
        }

        PluginHttpResponse response = context.http().send(request);
        if (!response.isSuccessful()) {
            // Overload and server errors may pass; anything else is the gateway refusing this message.
            boolean retryable = response.status() == 429 || response.status() >= 500;
            throw new PluginException(retryable ? "gateway_unavailable" : "gateway_rejected",
                "The SMS gateway answered HTTP " + response.status(), retryable);
        }
        String messageId = response.header("X-Message-Id").or(() -> idField(response.bodyAsString()))
            .orElseThrow(() -> new PluginException("gateway_invalid_response", "The SMS gateway accepted the message but returned no id"));
        context.logger().info("SMS accepted by the gateway as " + messageId);
        return new SmsReceipt(messageId);
    }

    private static URI endpoint(PluginConfig config) {
        try {
            return URI.create(config.string("endpoint"));
        } catch (IllegalArgumentException e) {
            throw new PluginException("config_invalid", "The endpoint is not a valid URI");
        }
    }

    private static Optional<String> idField(String body) {
        Matcher matcher = ID_FIELD.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
