package io.opsbench.platform.web;

import io.opsbench.platform.crypto.Sha256;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * Strong ETags for single resources: a digest of the JSON representation itself, so the tag changes
 * exactly when anything the client sees changes (a part's stock after a movement, not only its own
 * row). {@code If-None-Match} on a GET answers 304; {@code If-Match} on a change is checked by the
 * feature, under the resource's row lock, through {@link #requireCurrent(Object)}.
 */
@RestControllerAdvice
public class ETags implements ResponseBodyAdvice<Object> {

    private static JsonMapper json;

    ETags(JsonMapper json) {
        ETags.json = json;
    }

    /** The ETag of a representation, as the API would send it. */
    public static String of(Object representation) {
        return tag(json.writeValueAsString(representation));
    }

    private static String tag(String representation) {
        byte[] digest = Sha256.of(representation.getBytes(StandardCharsets.UTF_8));
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
    }

    /**
     * Refuses the change with 412 when the request's {@code If-Match} names another version than
     * {@code current}, the representation as a GET would show it now. Call it with the row locked, so
     * nothing can change between the check and the write.
     */
    public static void requireCurrent(Object current) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return;
        }
        HttpServletRequest request = attributes.getRequest();
        String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return;
        }
        String tag = of(current);
        for (String candidate : ifMatch.split(",")) {
            if (candidate.strip().equals(tag)) {
                return;
            }
        }
        throw new ProblemException(ProblemCode.PRECONDITION_FAILED, "The resource changed since the version you "
                + "sent in If-Match; fetch it again and reapply your change", java.util.List.of(),
                Map.of("current_etag", tag));
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body == null || body instanceof Page<?> || body instanceof Problem || body instanceof Collection<?>
                || body instanceof Map<?, ?> || body instanceof byte[] || body instanceof String
                || !path(request).startsWith("/v1/")) {
            return body;
        }
        // The representation is serialised once: it gives the tag and is then written as it is.
        String representation = json.writeValueAsString(body);
        String tag = tag(representation);
        response.getHeaders().setETag(tag);
        if (request.getMethod() == HttpMethod.GET) {
            for (String candidate : request.getHeaders().getIfNoneMatch()) {
                if (candidate.equals(tag) || candidate.equals("*")) {
                    response.setStatusCode(HttpStatus.NOT_MODIFIED);
                    return null;
                }
            }
        }
        return new RawValue(representation);
    }

    /** The request's path, without building the full {@code URI} that {@code getURI()} parses on each call. */
    private static String path(ServerHttpRequest request) {
        return request instanceof ServletServerHttpRequest servlet
                ? servlet.getServletRequest().getRequestURI() : request.getURI().getPath();
    }
}
