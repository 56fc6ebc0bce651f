package io.pigeonim.offline;

import io.pigeonim.common.runtime.ServiceJvm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts offline-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OfflineApplication {

    public static void main(String[] args) {
        ServiceJvm.configure();
        SpringApplication.run(OfflineApplication.class, args);
    }
}
