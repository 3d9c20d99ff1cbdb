package io.opsbench.platform.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the node keeps its local files: the embedded PostgreSQL cluster, generated keys, the plugin
 * bundle cache. Environment variable {@code OPSBENCH_DATA_DIR}.
 */
@ConfigurationProperties("opsbench")
public record StorageSettings(@DefaultValue("./data") Path dataDir) {
}
