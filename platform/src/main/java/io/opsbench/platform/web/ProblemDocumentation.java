package io.opsbench.platform.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;

/** Adds the problem responses every operation can give to the OpenAPI document. */
@Configuration(proxyBeanMethods = false)
class ProblemDocumentation {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Bean
    OpenApiCustomizer problemSchema() {
        return openApi -> ModelConverters.getInstance().readAll(Problem.class)
                .forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses();
            add(responses, ProblemCode.UNAUTHORIZED, "Missing, unknown or revoked key");
            add(responses, ProblemCode.FORBIDDEN, "Wrong kind of key or insufficient scope (`forbidden`, `tenant_suspended`)");
            boolean hasBody = false;
            boolean hasPathId = false;
            for (var parameter : handler.getMethodParameters()) {
                hasBody |= parameter.hasParameterAnnotation(RequestBody.class);
                hasPathId |= parameter.hasParameterAnnotation(PathVariable.class);
            }
            if (hasPathId) {
                add(responses, ProblemCode.NOT_FOUND, "No such resource in your tenant");
            }
            if (hasBody) {
                add(responses, ProblemCode.MALFORMED_REQUEST, "The body is not valid JSON");
                add(responses, ProblemCode.PAYLOAD_TOO_LARGE, "The body is over the size limit");
                add(responses, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send application/json");
            }
            add(responses, ProblemCode.VALIDATION_ERROR, "A field or parameter is invalid; `errors` names each");
            add(responses, ProblemCode.INTERNAL_ERROR, "Unexpected failure; quote the `request_id`");
            return operation;
        };
    }

    private static void add(ApiResponses responses, ProblemCode code, String description) {
        String status = String.valueOf(code.status().value());
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                .addMediaType(Problem.MEDIA_TYPE, new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)))));
    }
}
