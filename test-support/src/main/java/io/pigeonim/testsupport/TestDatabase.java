package io.pigeonim.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A database created for one test class. */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    /** Points {@code spring.datasource.*} at this database. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", this::password);
    }
}
