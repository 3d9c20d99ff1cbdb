package io.opsbench.platform.marketplace;

/** Published inside the transaction that yanks a release, so installations are suspended with it. */
public record ReleaseYanked(String pluginId, String version, String reason) {
}
