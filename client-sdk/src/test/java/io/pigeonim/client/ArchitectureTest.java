package io.pigeonim.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What the SDK drags into an app: no Spring, no server code; the network seams know nothing of the logic. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pigeonim.client");

    @Test
    void theSdkUsesNoSpringAndNoServerModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.pigeonim.connector..",
                "io.pigeonim.message..", "io.pigeonim.offline..", "io.pigeonim.gateway..", "io.pigeonim.seq..")
                .check(CLASSES);
    }

    /** OkHttp is optional: only the classes an app picks by name (OkHttpNetwork and what it builds) may load it. */
    @Test
    void onlyTheOkHttpClassesTouchOkHttp() {
        noClasses().that().haveNameNotMatching(".*\\.OkHttp[^.]*").should().dependOnClassesThat()
                .resideInAnyPackage("okhttp3..", "okio..", "kotlin..").check(CLASSES);
    }

    @Test
    void theTransportKnowsNothingOfTheClientLogicOrTheStore() {
        noClasses().that().resideInAPackage("..client.transport..").should().dependOnClassesThat()
                .resideInAnyPackage("io.pigeonim.client", "..client.store..").check(CLASSES);
    }
}
