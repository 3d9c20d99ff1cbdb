package io.opsbench.platform.usage;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Usage", description = "The tenant's metered API calls against its plan's monthly quota.")
class UsageController {

    private final ApiCalls apiCalls;

    UsageController(ApiCalls apiCalls) {
        this.apiCalls = apiCalls;
    }

    @GetMapping(path = Quotas.USAGE_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "This month's API calls and quota", description = "`period` is the calendar month (UTC), "
            + "`quota` null means unlimited. Includes calls this node has not written to the database yet; "
            + "calls served by other nodes appear within `opsbench.usage.flush-interval`.")
    ApiCalls.Usage usage(Principal.Tenant caller) {
        return apiCalls.usage(caller.tenantId());
    }
}
