package io.opsbench.platform.tenancy;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is making the current API request and through which endpoint, as the audit log records it:
 * set once per request after authentication, read when each transaction starts.
 */
public final class RequestTrail {

    private static final String ACTOR = RequestTrail.class.getName() + ".actor";
    private static final String ACTION = RequestTrail.class.getName() + ".action";

    private RequestTrail() {
    }

    /**
     * @param actor {@code kind:keyId}, e.g. {@code tenant:01a2…}
     * @param action the endpoint, e.g. {@code POST /v1/tickets/{id}/transitions}
     */
    public static void set(HttpServletRequest request, String actor, String action) {
        request.setAttribute(ACTOR, actor);
        request.setAttribute(ACTION, action);
    }

    static String actor(HttpServletRequest request) {
        Object actor = request.getAttribute(ACTOR);
        return actor == null ? "" : actor.toString();
    }

    static String action(HttpServletRequest request) {
        Object action = request.getAttribute(ACTION);
        return action == null ? "" : action.toString();
    }
}
