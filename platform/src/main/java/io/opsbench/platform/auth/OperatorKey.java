package io.opsbench.platform.auth;

import io.opsbench.platform.storage.Ids;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's bearer key. {@code OPSBENCH_OPERATOR_KEY} (property {@code opsbench.operator-key}),
 * when set, is the only operator key accepted. When it is not set, the first start generates one,
 * prints it once, and keeps only its hash.
 */
@Component
class OperatorKey {

    /** The key id reported for the configured key; it has no row. */
    static final UUID CONFIGURED_KEY_ID = new UUID(0, 1);
    private static final Logger log = LoggerFactory.getLogger(OperatorKey.class);

    private final byte[] configuredHash;
    private final PlatformKeyRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OperatorKey(AuthSettings settings, PlatformKeyRepository repository, TransactionTemplate transactions,
            Clock clock) {
        this.configuredHash = settings.operatorKey() == null || settings.operatorKey().isBlank()
                ? null : KeyMaterial.hash(settings.operatorKey());
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
    }

    Optional<Principal.Operator> authenticate(byte[] keyHash) {
        if (configuredHash != null) {
            return MessageDigest.isEqual(configuredHash, keyHash)
                    ? Optional.of(new Principal.Operator(CONFIGURED_KEY_ID)) : Optional.empty();
        }
        return repository.findOperatorKey(keyHash).map(Principal.Operator::new);
    }

    @EventListener(ApplicationReadyEvent.class)
    void generateOnFirstStart() {
        if (configuredHash != null) {
            return;
        }
        String generated = transactions.execute(status -> {
            if (repository.countOperatorKeys() > 0) {
                return null;
            }
            String secret = KeyMaterial.generate(KeyMaterial.OPERATOR_PREFIX);
            repository.insertOperatorKey(Ids.newId(clock), KeyMaterial.displayPrefix(secret),
                    KeyMaterial.hash(secret), clock.instant().truncatedTo(ChronoUnit.MICROS));
            return secret;
        });
        if (generated != null) {
            log.warn("""

                    ==========================================================================
                    Generated the operator key. It is shown this once; only its hash is kept.
                        {}
                    Set OPSBENCH_OPERATOR_KEY to choose your own instead.
                    ==========================================================================""", generated);
        }
    }
}
