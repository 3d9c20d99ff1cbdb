package io.opsbench.platform.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** A marketplace vendor: the principal behind an {@code ob_vendor_} key. */
public record VendorId(UUID value) {

    public VendorId {
        Objects.requireNonNull(value, "value");
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
