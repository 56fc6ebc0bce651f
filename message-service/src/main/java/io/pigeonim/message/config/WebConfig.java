package io.pigeonim.message.config;

import io.pigeonim.common.json.PigeonJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/** The internal REST API reads and writes JSON exactly like the wire contract: no lenient coercions. */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    /** {@code "seq":"5"} or {@code "seq":1.5} is a malformed entry (400 BAD_FRAME), not a number to guess at. */
    @Bean
    JacksonJsonHttpMessageConverter pigeonJsonConverter() {
        // the builder constructor adds Spring's ProblemDetail mix-in (a flat "code" property)
        return new JacksonJsonHttpMessageConverter(PigeonJson.mapper().rebuild());
    }
}
