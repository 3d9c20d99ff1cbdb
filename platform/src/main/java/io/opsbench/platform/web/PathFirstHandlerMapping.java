package io.opsbench.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Request mappings ruled out by their path before anything else is asked. For a path that no literal pattern names
 * ({@code /v1/tickets/{id}}), Spring tries every registered mapping, and checks a mapping's method, parameter,
 * header, consumes and produces conditions before its path: each GET evaluated the {@code produces} condition of
 * some fifty mappings, a quarter of the bytes a ticket read allocated and 8% of its CPU; walking the registry alone
 * still took 2%.
 *
 * <p>Here the mappings are indexed by the beginnings of their path patterns up to the first variable or wildcard
 * ({@code /v1/tickets/} for {@code /v1/tickets/{id}}), under the request path's first two segments
 * ({@code /v1/tickets/}). A lookup takes its key's few candidates, asks Spring which of them match and which of those
 * is the most specific, exactly as Spring chooses among all mappings; a candidate list can hold mappings that turn out
 * not to match, never miss one that does. Spring's own lookup, filtered to the candidates, still answers a path that
 * a literal pattern names, a CORS pre-flight, and a request that matches nothing (its 404, 405, 406 and 415
 * diagnosis inspects every mapping); a path with percent escapes is left to Spring alone (it compares decoded
 * segments).
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

    /** Before Spring Boot's actuator endpoint mappings, at -100. */
    static final int ORDER = -200;

    /** The candidates of the request this thread is matching in Spring's lookup, while it does. */
    private static final ThreadLocal<RequestMappingInfo[]> CANDIDATES = new ThreadLocal<>();

    /** Every registered mapping and the beginnings of its path patterns (none: a candidate for any path). */
    private final Map<RequestMappingInfo, Beginning[]> beginnings = new LinkedHashMap<>();
    /** Built from {@link #beginnings} when first needed after a registration change. */
    private volatile Index index;

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        track(mapping);
    }

    @Override
    public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
        super.registerMapping(mapping, handler, method);
        track(mapping);
    }

    @Override
    public void unregisterMapping(RequestMappingInfo mapping) {
        super.unregisterMapping(mapping);
        synchronized (this) {
            beginnings.remove(mapping);
            index = null;
        }
    }

    private synchronized void track(RequestMappingInfo mapping) {
        PathPatternsRequestCondition paths = mapping.getPathPatternsCondition();
        beginnings.put(mapping, paths == null || paths.isEmptyPathMapping() ? new Beginning[0]
                : paths.getPatterns().stream().map(PathPattern::getPatternString).map(Beginning::of)
                        .toArray(Beginning[]::new));
        index = null;
    }

    /**
     * Asked before Spring Boot's actuator mappings, which otherwise evaluate every one of their conditions for every
     * API request first. None of the API's patterns reaches into {@code /actuator}.
     */
    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        if (lookupPath.indexOf('%') >= 0) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        Index current = index();
        RequestMappingInfo[] candidates = current.candidates(lookupPath);
        if (!current.literalPaths().contains(lookupPath) && !CorsUtils.isPreFlightRequest(request)) {
            HandlerMethod found = bestOf(candidates, lookupPath, request, current);
            if (found != null) {
                return found;
            }
        }
        CANDIDATES.set(candidates);
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            CANDIDATES.remove();
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        RequestMappingInfo[] candidates = CANDIDATES.get();
        if (candidates != null && !containsReference(candidates, info)) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }

    /** A candidate that matches, with the registered mapping it came from. */
    private record Match(RequestMappingInfo registered, RequestMappingInfo matched) {
    }

    /**
     * Spring's choice among the candidates that match: the most specific for this request; two equally specific are
     * refused as Spring refuses them. Null when none matches.
     */
    private HandlerMethod bestOf(RequestMappingInfo[] candidates, String lookupPath, HttpServletRequest request,
            Index current) {
        Match best = null;
        Match second = null;
        Comparator<RequestMappingInfo> order = null;
        for (RequestMappingInfo candidate : candidates) {
            RequestMappingInfo matched = super.getMatchingMapping(candidate, request);
            if (matched == null) {
                continue;
            }
            Match match = new Match(candidate, matched);
            if (best == null) {
                best = match;
                continue;
            }
            order = order != null ? order : getMappingComparator(request);
            if (order.compare(matched, best.matched()) < 0) {
                second = best;
                best = match;
            } else if (second == null || order.compare(matched, second.matched()) < 0) {
                second = match;
            }
        }
        if (best == null) {
            return null;
        }
        HandlerMethod handler = current.handlers().get(best.registered());
        if (handler == null) {
            return null; // unregistered since the index was built: Spring's lookup answers
        }
        if (second != null && order.compare(best.matched(), second.matched()) == 0) {
            throw new IllegalStateException("Ambiguous handler methods mapped for '" + request.getRequestURI()
                    + "': {" + handler.getMethod() + ", " + current.handlers().get(second.registered()).getMethod()
                    + "}");
        }
        request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
        handleMatch(best.matched(), lookupPath, request);
        return handler;
    }

    /** The mappings that can match a path (see {@link Index#candidates}). */
    RequestMappingInfo[] candidates(String path) {
        return index().candidates(path);
    }

    private Index index() {
        Index current = index;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (index == null) {
                Map<RequestMappingInfo, Beginning[]> snapshot = new LinkedHashMap<>(beginnings);
                Map<String, RequestMappingInfo[]> byKey = new HashMap<>();
                Set<String> literalPaths = new HashSet<>();
                snapshot.values().forEach(each -> {
                    for (Beginning beginning : each) {
                        byKey.computeIfAbsent(key(beginning.text()), key -> candidatesOf(snapshot, key));
                        if (beginning.whole()) {
                            literalPaths.add(beginning.text());
                        }
                    }
                });
                index = new Index(snapshot, byKey, literalPaths, getHandlerMethods());
            }
            return index;
        }
    }

    /**
     * The registered mappings, by the keys their beginnings have; the paths their literal patterns name; and their
     * handler methods.
     */
    private record Index(Map<RequestMappingInfo, Beginning[]> beginnings, Map<String, RequestMappingInfo[]> byKey,
            Set<String> literalPaths, Map<RequestMappingInfo, HandlerMethod> handlers) {

        /** The mappings that can match a path: its key's, or worked out for a key no registered pattern has. */
        RequestMappingInfo[] candidates(String path) {
            String key = key(path);
            RequestMappingInfo[] candidates = byKey.get(key);
            return candidates != null ? candidates : candidatesOf(beginnings, key);
        }
    }

    /** Every mapping that can match a path with this key: one with no path patterns, or one a beginning admits. */
    private static RequestMappingInfo[] candidatesOf(Map<RequestMappingInfo, Beginning[]> beginnings, String key) {
        List<RequestMappingInfo> candidates = new ArrayList<>();
        beginnings.forEach((mapping, each) -> {
            boolean candidate = each.length == 0;
            for (Beginning beginning : each) {
                candidate |= beginning.admits(key);
            }
            if (candidate) {
                candidates.add(mapping);
            }
        });
        return candidates.toArray(RequestMappingInfo[]::new);
    }

    /** A path up to and including its third slash ({@code /v1/tickets/}), or all of it when it has fewer. */
    static String key(String path) {
        int second = path.indexOf('/', 1);
        int third = second < 0 ? -1 : path.indexOf('/', second + 1);
        return third < 0 ? path : path.substring(0, third + 1);
    }

    private static boolean containsReference(RequestMappingInfo[] candidates, RequestMappingInfo info) {
        for (RequestMappingInfo candidate : candidates) {
            if (candidate == info) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pattern up to its first variable or wildcard ({@code /v1/tickets/{id}} gives {@code /v1/tickets/}), or all
     * of it when it has none ({@code whole}).
     */
    record Beginning(String text, boolean whole) {

        static Beginning of(String pattern) {
            for (int i = 0; i < pattern.length(); i++) {
                if ("{*?".indexOf(pattern.charAt(i)) >= 0) {
                    return new Beginning(pattern.substring(0, i), false);
                }
            }
            return new Beginning(pattern, true);
        }

        /**
         * Whether a path with this key can match: a whole pattern matches only the path that is the same text, so
         * one with the same key; a path that starts with a beginning has a key that starts with it ({@code /v1/})
         * or that it starts with ({@code /v1/tickets/{id}/history} has {@code /v1/tickets/}).
         */
        boolean admits(String key) {
            return whole ? key.equals(key(text)) : key.startsWith(text) || text.startsWith(key);
        }
    }
}
