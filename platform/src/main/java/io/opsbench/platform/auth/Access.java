package io.opsbench.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint. Every {@code /v1} handler carries one; a handler without it answers 403
 * to everybody. The OpenAPI document shows it as {@code x-principals} and {@code x-required-scope}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Access {

    Principal.Kind[] value();

    /** For tenant keys: the least scope needed. */
    Scope scope() default Scope.READ;
}
