package io.opsbench.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Request mappings ruled out by their path before anything else is asked. A request whose path is not a literal
 * one ({@code /v1/tickets/{id}}) is tried against every pattern mapping, and Spring checks a mapping's method,
 * parameter, header, consumes and produces conditions before its path: each GET evaluated the {@code produces}
 * condition of some fifty mappings, a quarter of the bytes a ticket read allocated and 8% of its CPU.
 *
 * <p>Here a mapping whose patterns' literal beginnings ({@code /v1/customers/}) the lookup path does not start with is
 * skipped at the cost of a string comparison; the few left go through Spring's own matching, path included, so the
 * answer is the one Spring would give. A path with percent escapes is matched by Spring alone (it compares decoded
 * segments), and requests that match nothing still get Spring's full diagnosis (405, 406, 415), which inspects every
 * mapping on its own.
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

    /** The lookup path of the request this thread is matching, while it does; null for paths left to Spring. */
    private static final ThreadLocal<String> LOOKUP_PATH = new ThreadLocal<>();

    /** Per mapping, the literal beginning of each of its path patterns. */
    private final Map<RequestMappingInfo, String[]> literalBeginnings = new ConcurrentHashMap<>();

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        PathPatternsRequestCondition paths = mapping.getPathPatternsCondition();
        if (paths != null && !paths.isEmptyPathMapping()) {
            literalBeginnings.put(mapping, paths.getPatterns().stream().map(PathPattern::getPatternString)
                    .map(PathFirstHandlerMapping::literalBeginning).toArray(String[]::new));
        }
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        if (lookupPath.indexOf('%') >= 0) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        LOOKUP_PATH.set(lookupPath);
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            LOOKUP_PATH.remove();
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        String path = LOOKUP_PATH.get();
        String[] beginnings = path == null ? null : literalBeginnings.get(info);
        if (beginnings != null && !startsWithAny(path, beginnings)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    private static boolean startsWithAny(String path, String[] beginnings) {
        for (String beginning : beginnings) {
            if (path.startsWith(beginning)) {
                return true;
            }
        }
        return false;
    }

    /** The pattern up to its first variable or wildcard: {@code /v1/tickets/{id}} gives {@code /v1/tickets/}. */
    static String literalBeginning(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if ("{*?".indexOf(pattern.charAt(i)) >= 0) {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }
}
