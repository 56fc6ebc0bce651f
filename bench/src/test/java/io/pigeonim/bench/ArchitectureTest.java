package io.pigeonim.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The bench's feature packages: no cycles, and the checker and the measuring parts know nothing of the load. */
@AnalyzeClasses(packages = "io.pigeonim.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles = slices().matching("io.pigeonim.bench.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule checkerStatsAndResourcesStandAlone = noClasses()
            .that().resideInAnyPackage("..bench.check..", "..bench.stats..", "..bench.resource..", "..bench.client..")
            .should().dependOnClassesThat().resideInAnyPackage("..bench.load..", "..bench.baseline..",
                    "..bench.report..", "..bench.config..");
}
