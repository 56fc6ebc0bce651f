package io.pigeonim.gateway;

import io.pigeonim.common.runtime.ServiceJvm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The edge of Pigeon: checks the JWT once, forwards identity in headers, routes to the services. */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        ServiceJvm.configure();
        SpringApplication.run(GatewayApplication.class, args);
    }
}
