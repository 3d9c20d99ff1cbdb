package io.opsbench.platform.auth;

import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enforces {@link Access} on every {@code /v1} handler and hands the caller's {@link Principal} to
 * handler methods that ask for it. A handler without {@link Access} is closed to everyone.
 */
@Configuration(proxyBeanMethods = false)
class AccessControl implements WebMvcConfigurer, HandlerInterceptor, HandlerMethodArgumentResolver {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Access access = method.getMethodAnnotation(Access.class);
        Principal principal = Authentication.principal(request)
                .orElseThrow(() -> new ProblemException(ProblemCode.UNAUTHORIZED, "No API key"));
        if (access == null) {
            throw new ProblemException(ProblemCode.FORBIDDEN, "This endpoint is not open to any key");
        }
        if (Arrays.stream(access.value()).noneMatch(kind -> kind == principal.kind())) {
            throw new ProblemException(ProblemCode.FORBIDDEN, "This endpoint needs %s key; this is %s key"
                    .formatted(describe(access.value()), article(principal.kind())));
        }
        if (principal instanceof Principal.Tenant tenant && !tenant.scope().includes(access.scope())) {
            throw new ProblemException(ProblemCode.FORBIDDEN, "This endpoint needs a key with '%s' scope; this key has '%s'"
                    .formatted(access.scope(), tenant.scope()));
        }
        return true;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Principal.class.isAssignableFrom(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Principal principal = Authentication.principal(request.getNativeRequest(HttpServletRequest.class))
                .orElseThrow(() -> new ProblemException(ProblemCode.UNAUTHORIZED, "No API key"));
        if (!parameter.getParameterType().isInstance(principal)) {
            throw new ProblemException(ProblemCode.FORBIDDEN, "This endpoint is not for " + article(principal.kind()) + " key");
        }
        return principal;
    }

    private static String describe(Principal.Kind[] kinds) {
        return Arrays.stream(kinds).map(AccessControl::article).collect(Collectors.joining(" or "));
    }

    private static String article(Principal.Kind kind) {
        return (kind == Principal.Kind.OPERATOR ? "an " : "a ") + kind.wireName();
    }
}
