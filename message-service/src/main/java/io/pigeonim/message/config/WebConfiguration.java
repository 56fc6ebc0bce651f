package io.pigeonim.message.config;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.message.group.IdentityInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** JSON exactly like the wire contract (no lenient coercions); the client API only with the gateway's identity. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IdentityInterceptor()).addPathPatterns("/api/**");
    }

    /** {@code "seq":"5"} or {@code "seq":1.5} is a malformed entry (400 BAD_FRAME), not a number to guess at. */
    @Bean
    JacksonJsonHttpMessageConverter pigeonJsonConverter() {
        // the builder constructor adds Spring's ProblemDetail mix-in (a flat "code" property)
        return new JacksonJsonHttpMessageConverter(PigeonJson.mapper().rebuild());
    }
}
