package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The indexed lookup gives Spring's own answer, for every kind of path, and only looks at its path's mappings. */
class PathFirstHandlerMappingTests {

    private final RequestMappingHandlerMapping spring = new RequestMappingHandlerMapping();
    private final PathFirstHandlerMapping pathFirst = new PathFirstHandlerMapping();

    @BeforeEach
    void registerTheSameControllersInBoth() {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.registerSingleton("tickets", Tickets.class);
        context.registerSingleton("customers", Customers.class);
        context.registerSingleton("everything", Everything.class);
        context.refresh();
        for (RequestMappingHandlerMapping mapping : List.of(spring, pathFirst)) {
            mapping.setApplicationContext(context);
            mapping.afterPropertiesSet();
        }
    }

    @Test
    void answersWhatSpringAnswersForEveryKindOfPath() {
        String[][] requests = {
                {"GET", "/v1/tickets"}, {"POST", "/v1/tickets"}, {"GET", "/v1/tickets/"}, {"GET", "/v1/tickets/42"},
                {"GET", "/v1/tickets/42/history"}, {"POST", "/v1/tickets/42/transitions"},
                {"GET", "/v1/tickets/42/transitions"}, {"DELETE", "/v1/tickets/42"}, {"GET", "/v1/tickets/42/"},
                {"GET", "/v1/tickets/42/history/7"}, {"GET", "/v1/TICKETS/42"}, {"GET", "/v1/tickets/a%2Fb"},
                {"GET", "/v1/customers/7"}, {"GET", "/v1/customers/7/tickets"}, {"GET", "/v1/customersx/7"},
                {"GET", "/v1/tickles/3"}, {"GET", "/v1/plugins/installations/5"}, {"GET", "/v1/plugins/5"}, {"GET", "/v1/twins/1"}, {"HEAD", "/v1/tickets/42"}, {"OPTIONS", "/v1/tickets/42"},
                {"OPTIONS", "/v1/customers/7/tickets"}, {"PREFLIGHT", "/v1/tickets/42"},
                {"PREFLIGHT", "/v1/tickets"}, {"GET", "/v1/files/a/b/c"}, {"GET", "/v1"}, {"GET", "/v1/"}, {"GET", "/"}, {"GET", "/nothing"},
                {"GET", "/v2/anything/at/all"}, {"GET", "/v1/unknown/1"}, {"GET", "/v1/tickets//42"}};
        for (String[] request : requests) {
            for (String accept : new String[] {null, "application/json", "text/csv"}) {
                assertThat(answer(pathFirst, request[0], request[1], accept))
                        .as("%s %s (Accept %s)", request[0], request[1], accept)
                        .isEqualTo(answer(spring, request[0], request[1], accept));
            }
        }
        // The cases the comparison above covers, spelled out.
        assertThat(answer(pathFirst, "GET", "/v1/tickets/42", "application/json")).isEqualTo("Tickets.get");
        assertThat(answer(pathFirst, "GET", "/v1/customers/7/tickets", "application/json"))
                .isEqualTo("HttpMediaTypeNotAcceptableException");
        assertThat(answer(pathFirst, "DELETE", "/v1/tickets/42", null))
                .isEqualTo("HttpRequestMethodNotSupportedException");
        assertThat(answer(pathFirst, "GET", "/v1/twins/1", null)).isEqualTo("IllegalStateException");
        assertThat(answer(pathFirst, "HEAD", "/v1/tickets/42", null)).isEqualTo("Tickets.get");
        assertThat(answer(pathFirst, "OPTIONS", "/v1/tickets/42", null)).isEqualTo("HttpOptionsHandler.handle");
        assertThat(answer(pathFirst, "PREFLIGHT", "/v1/tickets/42", null)).isEqualTo("PreFlightHttpRequestHandler");
        assertThat(answer(pathFirst, "GET", "/v1/plugins/installations/5", null))
                .isEqualTo("Everything.installation");
    }

    @Test
    void aPathsCandidatesAreItsOwnMappingsAndThoseOfWiderPatterns() {
        assertThat(handlers(pathFirst.candidates("/v1/tickets/42")))
                .containsExactlyInAnyOrder("Tickets.get", "Tickets.history", "Tickets.transition", "Everything.wildcard",
                        "Everything.any");
        assertThat(handlers(pathFirst.candidates("/v1/customers/7/tickets")))
                .containsExactlyInAnyOrder("Customers.get", "Customers.tickets", "Everything.any");
        // A key no pattern has is worked out on the spot, with the same rule.
        assertThat(handlers(pathFirst.candidates("/v1/unknown/1"))).containsExactly("Everything.any");
    }

    @Test
    void mappingsRegisteredAndRemovedAtRunTimeAreFoundAndForgotten() throws Exception {
        Method get = Tickets.class.getDeclaredMethod("get");
        RequestMappingInfo extra = RequestMappingInfo.paths("/v1/extras/{id}").build();
        pathFirst.registerMapping(extra, new Tickets(), get);
        assertThat(answer(pathFirst, "GET", "/v1/extras/1", null)).isEqualTo("Tickets.get");

        pathFirst.unregisterMapping(extra);
        assertThat(answer(pathFirst, "GET", "/v1/extras/1", null)).isEqualTo("Everything.any");
    }

    /** The handler method's name, or the exception a lookup answered with, or none. */
    private static String answer(RequestMappingHandlerMapping mapping, String method, String path, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest(method.equals("PREFLIGHT") ? "OPTIONS" : method,
                path);
        if (method.equals("PREFLIGHT")) {
            request.addHeader("Origin", "https://shop.example");
            request.addHeader("Access-Control-Request-Method", "GET");
        }
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        try {
            HandlerExecutionChain chain = mapping.getHandler(request);
            if (chain == null) {
                return "none";
            }
            return chain.getHandler() instanceof HandlerMethod handler ? name(handler)
                    : chain.getHandler().getClass().getSimpleName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private List<String> handlers(RequestMappingInfo[] candidates) {
        return Arrays.stream(candidates).map(info -> name(pathFirst.getHandlerMethods().get(info))).toList();
    }

    private static String name(HandlerMethod handler) {
        return handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
    }

    @RestController
    @RequestMapping(path = "/v1/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    static class Tickets {
        @GetMapping
        String list() {
            return "";
        }

        @PostMapping
        String create() {
            return "";
        }

        @GetMapping("/{id}")
        String get() {
            return "";
        }

        @GetMapping("/{id}/history")
        String history() {
            return "";
        }

        @PostMapping("/{id}/transitions")
        String transition() {
            return "";
        }
    }

    @RestController
    @RequestMapping("/v1/customers")
    static class Customers {
        @GetMapping("/{id}")
        String get() {
            return "";
        }

        @GetMapping(path = "/{id}/tickets", produces = "text/csv")
        String tickets(HttpServletRequest request) {
            return "";
        }
    }

    @RestController
    static class Everything {
        @GetMapping("/v1/tick*/{id}")
        String wildcard() {
            return "";
        }

        @GetMapping("/v1/plugins/installations/{id}")
        String installation() {
            return "";
        }

        @GetMapping("/v1/twins/{a}")
        String twin() {
            return "";
        }

        @GetMapping("/v1/twins/{b}")
        String otherTwin() {
            return "";
        }

        @GetMapping("/v1/{anything}/{id}")
        String any() {
            return "";
        }
    }
}
