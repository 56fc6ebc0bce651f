package io.pigeonim.connector;

import io.pigeonim.common.runtime.ServiceJvm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** connector-service: the WebSocket edge of Pigeon. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConnectorApplication {

    public static void main(String[] args) {
        ServiceJvm.configure();
        SpringApplication.run(ConnectorApplication.class, args);
    }
}
