package io.pigeonim.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pigeonim.testsupport.InternalHttpRule;

/**
 * Feature packages stay apart: only {@code config} wires them, and {@code identity} (who is calling)
 * is the one vocabulary they share.
 */
@AnalyzeClasses(packages = "io.pigeonim.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String BASE = "io.pigeonim.gateway.";
    private static final String[] FEATURES = {"auth", "cors", "devtoken", "route", "web", "site", "limit"};

    @ArchTest
    static final ArchRule onlyConfigKnowsConfig = noClasses()
            .that().resideOutsideOfPackage(BASE + "config..")
            .should().dependOnClassesThat().resideInAPackage(BASE + "config..");

    @ArchTest
    static final ArchRule identityKnowsNoFeature = noClasses()
            .that().resideInAPackage(BASE + "identity..")
            .should().dependOnClassesThat().resideInAnyPackage(packagesExcept("identity"));

    @ArchTest
    static final ArchRule authKnowsNoOtherFeature = featureIsolated("auth");

    @ArchTest
    static final ArchRule devtokenKnowsNoOtherFeature = featureIsolated("devtoken");

    @ArchTest
    static final ArchRule routeKnowsNoOtherFeature = featureIsolated("route");

    @ArchTest
    static final ArchRule limitKnowsNoOtherFeature = featureIsolated("limit");

    @ArchTest
    static final ArchRule webKnowsNoOtherFeature = featureIsolated("web");

    @ArchTest
    static final ArchRule corsKnowsNoOtherFeature = featureIsolated("cors");

    @ArchTest
    static final ArchRule siteKnowsNoOtherFeature = featureIsolated("site");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching(BASE + "(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule internalHttpOnTheSharedClient = InternalHttpRule.internalCallsOnTheSharedClient();

    private static ArchRule featureIsolated(String feature) {
        return noClasses()
                .that().resideInAPackage(BASE + feature + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packagesExcept(feature));
    }

    private static String[] packagesExcept(String feature) {
        return Arrays.stream(FEATURES).filter(f -> !f.equals(feature)).map(f -> BASE + f + "..")
                .toArray(String[]::new);
    }
}
