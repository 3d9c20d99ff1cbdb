package io.opsbench.platform.auth;

/** A key just minted: the only moment its secret exists outside the caller's hands. */
public record NewApiKey(ApiKey key, String secret) {
}
