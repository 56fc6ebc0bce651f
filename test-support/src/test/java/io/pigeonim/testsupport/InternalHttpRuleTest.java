package io.pigeonim.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** {@link InternalHttpRule} against classes that break it and one that keeps it. */
class InternalHttpRuleTest {

    static final class UsesTheJdkClient {
        Object client() {
            return HttpClient.newHttpClient();
        }
    }

    static final class BuildsARestClient {
        Object client() {
            return RestClient.create();
        }
    }

    static final class BuildsBootsBuilder {
        Object client(RestClient.Builder boot) {
            return boot.build();
        }
    }

    static final class BuildsARestTemplate {
        Object client() {
            return new RestTemplate();
        }
    }

    /** Takes Boot's builder and hands it on (to common-lib's InternalClient, in a service's config). */
    static final class HandsTheBuilderOn {
        Object client(RestClient.Builder boot) {
            return boot.clone();
        }
    }

    @Test
    void everyWayAroundTheSharedClientIsAViolation() {
        for (Class<?> offender : new Class<?>[] {UsesTheJdkClient.class, BuildsARestClient.class,
                BuildsBootsBuilder.class, BuildsARestTemplate.class}) {
            assertThat(evaluate(offender).hasViolation()).as(offender.getSimpleName()).isTrue();
        }
    }

    @Test
    void handingBootsBuilderOnIsAllowed() {
        assertThat(evaluate(HandsTheBuilderOn.class).hasViolation()).isFalse();
    }

    @Test
    void aNamedExternalCallerIsExempt() {
        JavaClasses classes = new ClassFileImporter().importClasses(BuildsARestClient.class, HandsTheBuilderOn.class);
        assertThat(InternalHttpRule.internalCallsOnTheSharedClient(BuildsARestClient.class.getName())
                .evaluate(classes).hasViolation()).isFalse();
    }

    private static EvaluationResult evaluate(Class<?> type) {
        return InternalHttpRule.internalCallsOnTheSharedClient().evaluate(new ClassFileImporter().importClasses(type));
    }
}
