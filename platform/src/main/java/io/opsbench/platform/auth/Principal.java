package io.opsbench.platform.auth;

import io.opsbench.platform.tenancy.TenantId;
import java.util.UUID;

/** Who is calling: resolved from the bearer key before any controller runs. */
public sealed interface Principal {

    enum Kind {
        OPERATOR, VENDOR, TENANT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The caller of an authenticated request, for filters that run after authentication. */
    static java.util.Optional<Principal> of(jakarta.servlet.http.HttpServletRequest request) {
        return Authentication.principal(request);
    }

    UUID keyId();

    Kind kind();

    record Operator(UUID keyId) implements Principal {
        @Override
        public Kind kind() {
            return Kind.OPERATOR;
        }
    }

    record Vendor(UUID keyId, VendorId vendorId) implements Principal {
        @Override
        public Kind kind() {
            return Kind.VENDOR;
        }
    }

    record Tenant(UUID keyId, TenantId tenantId, Scope scope) implements Principal {
        @Override
        public Kind kind() {
            return Kind.TENANT;
        }
    }
}
