package io.opsbench.platform.audit;

import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.tenancy.RequestTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Names each API request's actor and endpoint for the audit triggers, once the handler is known. */
@Configuration(proxyBeanMethods = false)
class AuditTrail implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Principal.of(request).ifPresent(principal -> {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            RequestTrail.set(request, principal.kind().wireName() + ":" + principal.keyId(),
                    request.getMethod() + " " + (pattern == null ? request.getRequestURI() : pattern));
        });
        return true;
    }
}
