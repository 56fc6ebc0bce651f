package io.pigeonim.seq;

import io.pigeonim.common.runtime.ServiceJvm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts seq-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SeqApplication {

    public static void main(String[] args) {
        ServiceJvm.configure();
        SpringApplication.run(SeqApplication.class, args);
    }
}
