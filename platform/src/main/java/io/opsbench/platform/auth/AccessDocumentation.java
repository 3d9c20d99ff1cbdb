package io.opsbench.platform.auth;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** States in the OpenAPI document who may call each operation: {@code x-principals} and {@code x-required-scope}. */
@Configuration(proxyBeanMethods = false)
class AccessDocumentation {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Principal.class, Principal.Tenant.class,
                Principal.Vendor.class, Principal.Operator.class);
    }

    @Bean
    OpenAPI opsbenchOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Opsbench API").version("v1").description("""
                        The Opsbench platform API. Authenticate with `Authorization: Bearer <key>`: tenant keys \
                        (`ob_live_…`), vendor keys (`ob_vendor_…`) or the operator key (`ob_op_…`). Errors are \
                        RFC 9457 problems with a stable `code`; lists are cursor-paginated."""))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OperationCustomizer accessExtensions() {
        return (operation, handler) -> {
            Access access = handler.getMethodAnnotation(Access.class);
            if (access != null) {
                List<String> kinds = Arrays.stream(access.value()).map(Principal.Kind::wireName).toList();
                operation.addExtension("x-principals", kinds);
                if (kinds.contains(Principal.Kind.TENANT.wireName())) {
                    operation.addExtension("x-required-scope", access.scope().wireName());
                }
            }
            return operation;
        };
    }
}
