package io.opsbench.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** HTTP limits: {@code opsbench.http.*}. */
@ConfigurationProperties("opsbench.http")
public record HttpSettings(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("20MB") DataSize maxUploadSize) {
}
