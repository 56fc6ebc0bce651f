package io.pigeonim.message;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.pigeonim.schema.CursorMapper;
import io.pigeonim.schema.MembershipMapper;
import io.pigeonim.schema.StoreMapper;
import io.pigeonim.testsupport.InternalHttpRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;

/** Feature packages reach each other only through the few public types meant for it; config wires them. */
@AnalyzeClasses(packages = "io.pigeonim.message", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresDependOnlyDownwards = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("config").definedBy("io.pigeonim.message.config..")
            .layer("uplink").definedBy("io.pigeonim.message.uplink..")
            .layer("ack").definedBy("io.pigeonim.message.ack..")
            .layer("group").definedBy("io.pigeonim.message.group..")
            .layer("member").definedBy("io.pigeonim.message.member..")
            .layer("store").definedBy("io.pigeonim.message.store..")
            .layer("seq").definedBy("io.pigeonim.message.seq..")
            .layer("push").definedBy("io.pigeonim.message.push..")
            .layer("web").definedBy("io.pigeonim.message.web..")
            .whereLayer("config").mayNotBeAccessedByAnyLayer()
            .whereLayer("uplink").mayOnlyBeAccessedByLayers("config")
            .whereLayer("ack").mayOnlyBeAccessedByLayers("config")
            .whereLayer("group").mayOnlyBeAccessedByLayers("config")
            .whereLayer("member").mayOnlyBeAccessedByLayers("store", "uplink", "ack", "group", "config")
            .whereLayer("store").mayOnlyBeAccessedByLayers("uplink", "config")
            .whereLayer("seq").mayOnlyBeAccessedByLayers("store", "config")
            .whereLayer("push").mayOnlyBeAccessedByLayers("uplink", "ack", "config")
            .whereLayer("web").mayOnlyBeAccessedByLayers("ack", "group", "member", "config");

    @ArchTest
    static final ArchRule mappersStayInTheirFeature = ArchRuleDefinition.classes()
            .that().haveSimpleNameEndingWith("Mapper")
            .should().notBePublic()
            .because("SQL is an internal of its feature package");

    @ArchTest
    static final ArchRule sharedStoreStatementsInTheStore = sharedStatementsOnlyIn(StoreMapper.class, "store");

    @ArchTest
    static final ArchRule sharedCursorStatementsInAcks = sharedStatementsOnlyIn(CursorMapper.class, "ack");

    @ArchTest
    static final ArchRule sharedMembershipStatementsInGroups = sharedStatementsOnlyIn(MembershipMapper.class, "group");

    @ArchTest
    static final ArchRule noJpa = ArchRuleDefinition.noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..");

    @ArchTest
    static final ArchRule internalHttpOnTheSharedClient = InternalHttpRule.internalCallsOnTheSharedClient();

    /** db-schema's mappers are public (offline-service's tests run them too); here they stay in one feature each. */
    private static ArchRule sharedStatementsOnlyIn(Class<?> mapper, String feature) {
        return ArchRuleDefinition.noClasses().that().resideOutsideOfPackages("io.pigeonim.message." + feature + "..",
                "io.pigeonim.message.config..").should().dependOnClassesThat().belongToAnyOf(mapper)
                .because("db-schema's " + mapper.getSimpleName() + " is the SQL of the " + feature + " feature");
    }
}
