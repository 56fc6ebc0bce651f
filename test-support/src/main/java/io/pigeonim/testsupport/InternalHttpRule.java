package io.pigeonim.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rule every service's {@code ArchitectureTest} checks: its HTTP calls to other services go through common-lib's
 * {@code io.pigeonim.common.http.InternalClient} (observed, signed, bounded), so no class uses the JDK
 * {@code java.net.http} client or builds a {@code RestClient}, {@code RestTemplate} or {@code WebClient} itself.
 */
public final class InternalHttpRule {

    private static final DescribedPredicate<JavaCall<?>> BUILDS_A_CLIENT =
            new DescribedPredicate<>("build a RestClient, RestTemplate or WebClient") {
                @Override
                public boolean test(JavaCall<?> call) {
                    String name = call.getName();
                    return switch (call.getTargetOwner().getName()) {
                        case "org.springframework.web.client.RestClient",
                                "org.springframework.web.reactive.function.client.WebClient" ->
                                name.equals("create") || name.equals("builder");
                        case "org.springframework.web.client.RestClient$Builder",
                                "org.springframework.web.reactive.function.client.WebClient$Builder",
                                "org.springframework.boot.restclient.RestTemplateBuilder" -> name.equals("build");
                        case "org.springframework.web.client.RestTemplate" -> name.equals("<init>");
                        default -> false;
                    };
                }
            };

    private InternalHttpRule() {
    }

    /**
     * The rule, for every class but {@code externalCallers} (fully qualified names of classes that call outside
     * Pigeon, such as the gateway's fetch of an identity provider's keys).
     */
    public static ArchRule internalCallsOnTheSharedClient(String... externalCallers) {
        Set<String> external = Set.of(externalCallers);
        DescribedPredicate<JavaClass> checked = new DescribedPredicate<>("are not external callers " + external) {
            @Override
            public boolean test(JavaClass c) {
                return !external.contains(c.getName()) && !external.contains(c.getEnclosingClass()
                        .map(JavaClass::getName).orElse(""));
            }
        };
        return noClasses().that(checked)
                .should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .orShould().callCodeUnitWhere(BUILDS_A_CLIENT)
                .because("every service-to-service call goes through common-lib's InternalClient: Boot's observation "
                        + "(metrics, trace propagation), the service credential, a bounded executor");
    }
}
