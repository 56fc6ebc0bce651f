package io.pigeonim.seq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.pigeonim.testsupport.InternalHttpRule;
import org.junit.jupiter.api.Test;

/** Feature packages stay apart: only allocation uses counter and mark, through their public ports; config wires. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pigeonim.seq");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.pigeonim.seq.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void counterAndMarkKnowNothingOfEachOtherOrTheApi() {
        noClasses().that().resideInAPackage("..seq.counter..")
                .should().dependOnClassesThat().resideInAnyPackage("..seq.mark..", "..seq.allocation..", "..seq.config..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("..seq.mark..")
                .should().dependOnClassesThat().resideInAnyPackage("..seq.counter..", "..seq.allocation..", "..seq.config..")
                .check(CLASSES);
    }

    @Test
    void allocationUsesPortsNotTechnology() {
        noClasses().that().resideInAPackage("..seq.allocation..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Redis")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().resideInAPackage("..seq.config..")
                .check(CLASSES);
    }

    @Test
    void internalHttpCallsGoThroughTheSharedClient() {
        InternalHttpRule.internalCallsOnTheSharedClient().check(CLASSES);
    }
}
