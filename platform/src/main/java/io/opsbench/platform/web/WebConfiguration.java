package io.opsbench.platform.web;

import java.util.Arrays;
import java.util.Locale;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Handler lookup tries a mapping's path first; see {@link PathFirstHandlerMapping}. */
    @Bean
    WebMvcRegistrations pathFirstHandlerMapping() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PathFirstHandlerMapping();
            }
        };
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverterFactory(new WireEnumConverters());
    }

    /** Query parameters name enum values as the JSON does: lower case ({@code ?status=suspended}). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class WireEnumConverters implements ConverterFactory<String, Enum> {

        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
            return source -> {
                String wanted = source.strip().toUpperCase(Locale.ROOT);
                return (T) Arrays.stream(type.getEnumConstants())
                        .filter(constant -> ((Enum) constant).name().equals(wanted))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("not one of " + Arrays.toString(
                                type.getEnumConstants())));
            };
        }
    }
}
