package io.opsbench.platform.web;

import io.opsbench.plugin.Capability;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/** JSON for plugin-api types, which carry no Jackson annotations: capabilities by their wire names. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    SimpleModule pluginApiModule() {
        SimpleModule module = new SimpleModule("plugin-api");
        module.addSerializer(Capability.class, new StdSerializer<>(Capability.class) {
            @Override
            public void serialize(Capability value, JsonGenerator generator, SerializationContext context) {
                generator.writeString(value.wireName());
            }
        });
        module.addDeserializer(Capability.class, new StdDeserializer<>(Capability.class) {
            @Override
            public Capability deserialize(JsonParser parser, DeserializationContext context) {
                String text = parser.getValueAsString();
                return Arrays.stream(Capability.values()).filter(c -> c.wireName().equals(text)).findFirst()
                        .orElseThrow(() -> context.weirdStringException(text, Capability.class, "must be one of: "
                                + Arrays.stream(Capability.values()).map(Capability::wireName)
                                        .collect(Collectors.joining(", "))));
            }
        });
        return module;
    }
}
