package io.pigeonim.connector;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.pigeonim.testsupport.InternalHttpRule;
import org.junit.jupiter.api.Test;

/** Feature packages stay apart: only {@code config} wires them, and the dependencies run one way. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pigeonim.connector");

    @Test
    void featurePackagesDependOnlyWhereAllowed() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("..connector.config..")
                .layer("ws").definedBy("..connector.ws..")
                .layer("uplink").definedBy("..connector.uplink..")
                .layer("downlink").definedBy("..connector.downlink..")
                .layer("ack").definedBy("..connector.ack..")
                .layer("route").definedBy("..connector.route..")
                .layer("session").definedBy("..connector.session..")
                .whereLayer("config").mayNotBeAccessedByAnyLayer()
                .whereLayer("ws").mayOnlyBeAccessedByLayers("config")
                .whereLayer("uplink").mayOnlyBeAccessedByLayers("config", "ws")
                // the downlink implements what reading an ack does (ack.AckedFrames)
                .whereLayer("ack").mayOnlyBeAccessedByLayers("config", "ws", "downlink")
                .whereLayer("downlink").mayOnlyBeAccessedByLayers("config")
                .whereLayer("route").mayOnlyBeAccessedByLayers("config", "ws")
                .whereLayer("session").mayOnlyBeAccessedByLayers("config", "ws", "uplink", "downlink", "ack")
                .check(CLASSES);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.pigeonim.connector.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void internalHttpCallsGoThroughTheSharedClient() {
        InternalHttpRule.internalCallsOnTheSharedClient().check(CLASSES);
    }
}
