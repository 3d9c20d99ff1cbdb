package io.opsbench.platform.marketplace;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.marketplace.*}.
 *
 * @param sandboxTimeout the hard limit of the review's sandbox JVM
 * @param sandboxHeap the sandbox JVM's maximum heap
 */
@ConfigurationProperties("opsbench.marketplace")
public record MarketplaceSettings(@DefaultValue("30s") Duration sandboxTimeout, @DefaultValue("128m") String sandboxHeap) {
}
