package io.pigeonim.message;

import io.pigeonim.common.runtime.ServiceJvm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Consumes the uplink, sequences and stores messages, pushes them to connectors and records acknowledgements. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MessageApplication {

    public static void main(String[] args) {
        ServiceJvm.configure();
        SpringApplication.run(MessageApplication.class, args);
    }
}
