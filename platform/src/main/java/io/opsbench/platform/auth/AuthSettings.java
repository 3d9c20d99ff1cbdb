package io.opsbench.platform.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.*} authentication settings.
 *
 * @param operatorKey the operator's bearer key ({@code OPSBENCH_OPERATOR_KEY}); generated when unset
 * @param keyCacheTtl how long a verified key is trusted without asking the database; bounds how late
 *     a revocation made on another node takes effect here
 * @param lastUsedFlushInterval how often {@code last_used_at} is written, in one batch
 */
@ConfigurationProperties("opsbench")
record AuthSettings(String operatorKey, @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("5s") Duration lastUsedFlushInterval) {
}
