package io.pigeonim.offline;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.pigeonim.testsupport.InternalHttpRule;
import org.junit.jupiter.api.Test;

/** Feature packages stay apart: only config wires them, and each uses the others only through what they expose. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pigeonim.offline");

    @Test
    void feature_packages_depend_only_on_what_they_are_allowed_to() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("io.pigeonim.offline.config..")
                .layer("sync").definedBy("io.pigeonim.offline.sync..")
                .layer("history").definedBy("io.pigeonim.offline.history..")
                .layer("ack").definedBy("io.pigeonim.offline.ack..")
                .layer("api").definedBy("io.pigeonim.offline.api..")
                .whereLayer("config").mayNotBeAccessedByAnyLayer()
                .whereLayer("sync").mayOnlyBeAccessedByLayers("config")
                .whereLayer("history").mayNotBeAccessedByAnyLayer()
                .whereLayer("ack").mayOnlyBeAccessedByLayers("config", "sync")
                .whereLayer("api").mayOnlyBeAccessedByLayers("config", "sync", "history", "ack")
                .check(CLASSES);
    }

    @Test
    void no_cycles_between_packages() {
        slices().matching("io.pigeonim.offline.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void sync_uses_only_the_client_of_ack_not_its_endpoint() {
        noClasses().that().resideInAPackage("io.pigeonim.offline.sync..")
                .should().dependOnClassesThat(resideInAPackage("io.pigeonim.offline.ack..")
                        .and(not(simpleNameEndingWith("Client"))))
                .check(CLASSES);
    }

    @Test
    void internalHttpCallsGoThroughTheSharedClient() {
        InternalHttpRule.internalCallsOnTheSharedClient().check(CLASSES);
    }
}
