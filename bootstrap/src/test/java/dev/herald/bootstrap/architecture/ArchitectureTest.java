package dev.herald.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.herald.domain.violation.DomainClassUsingJakarta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency direction of the hexagon, checked on the compiled main code of every module:
 * {@code domain <- application <- adapters <- bootstrap}. Rules are allow-lists (what a layer may
 * use), and every package they name is checked to be non-empty, so no rule passes by matching
 * nothing.
 */
class ArchitectureTest {

    private static final JavaClasses HERALD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // main code only: the modules' test-jars (contract tests, fakes) are on this classpath too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.herald");

    static final ArchRule DOMAIN_IS_PURE = classes().that().resideInAPackage("dev.herald.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.herald.domain..", "java..")
            .as("the domain depends only on itself and java..");

    static final ArchRule APPLICATION_USES_ONLY_THE_DOMAIN = classes().that().resideInAPackage("dev.herald.application..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("dev.herald.application..", "dev.herald.domain..", "java..")
            .as("the application depends only on itself, the domain and java..");

    static final ArchRule ADAPTERS_DO_NOT_USE_SERVICES = noClasses().that().resideInAPackage("dev.herald.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.herald.application.service..")
            .as("adapters talk to the core through its ports only");

    static final ArchRule ADAPTERS_DO_NOT_USE_BOOTSTRAP = noClasses().that().resideInAnyPackage("dev.herald.domain..",
                    "dev.herald.application..", "dev.herald.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.herald.bootstrap..")
            .as("only bootstrap knows bootstrap");

    static final ArchRule NO_CYCLES = slices().matching("dev.herald.(**)").should().beFreeOfCycles()
            .as("no package cycles");

    @Test
    void theNamedPackagesAreNotEmpty() {
        for (String pkg : new String[]{"dev.herald.domain..", "dev.herald.application.port.in..",
                "dev.herald.application.port.out..", "dev.herald.application.service..", "dev.herald.bootstrap.."}) {
            assertThat(HERALD.that(resideInAPackage(pkg)))
                    .as("classes in %s", pkg).isNotEmpty();
        }
        for (String pkg : ADAPTER_MODULE_PACKAGES.values().stream().flatMap(List::stream).toList()) {
            assertThat(HERALD.that(resideInAPackage(pkg)))
                    .as("classes in %s", pkg).isNotEmpty();
        }
    }

    @Test
    void domainIsPure() {
        DOMAIN_IS_PURE.check(HERALD);
    }

    @Test
    void applicationUsesOnlyTheDomain() {
        APPLICATION_USES_ONLY_THE_DOMAIN.check(HERALD);
    }

    @Test
    void adaptersUseTheCoreOnlyThroughItsPorts() {
        ADAPTERS_DO_NOT_USE_SERVICES.check(HERALD);
        ADAPTERS_DO_NOT_USE_BOOTSTRAP.check(HERALD);
    }

    /**
     * Each adapter module's packages. adapters-http is not one: it is the small shared package the
     * REST and WebSocket adapters both use (bearer tokens, JSON text, wire time, client addresses).
     */
    private static final Map<String, List<String>> ADAPTER_MODULE_PACKAGES = Map.of(
            "adapters-memory", List.of("dev.herald.adapter.memory.."),
            "adapters-file", List.of("dev.herald.adapter.file.."),
            "adapters-mongo", List.of("dev.herald.adapter.mongo.."),
            "adapters-redis", List.of("dev.herald.adapter.redis.."),
            "adapters-jwt", List.of("dev.herald.adapter.jwt.."),
            "adapters-websocket", List.of("dev.herald.adapter.websocket.."),
            "adapters-rest", List.of("dev.herald.adapter.rest.."));

    static final ArchRule HTTP_SUPPORT_IS_SHARED_NOT_AN_ADAPTER = noClasses().that().resideInAPackage("dev.herald.adapter.http..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.herald.adapter.websocket..", "dev.herald.adapter.rest..")
            .as("the shared HTTP helpers know neither adapter that uses them");

    /** The RFC 6455 codec is bytes in, bytes out: readable and testable apart from any container. */
    static final ArchRule CODEC_IS_PURE_JAVA = classes().that().resideInAPackage("dev.herald.adapter.websocket.rfc6455..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.herald.adapter.websocket.rfc6455..", "java..")
            .as("the WebSocket codec depends on java.. only");

    /** Each transport uses the shared connection logic and the codec, never the other transport. */
    static final ArchRule TRANSPORTS_ARE_APART = slices().matching("dev.herald.adapter.websocket.(upgrade|jakarta)..")
            .should().notDependOnEachOther()
            .as("the servlet-upgrade and Jakarta WebSocket transports do not use each other");

    static final ArchRule CONNECTION_KNOWS_NO_TRANSPORT = noClasses().that().resideInAPackage("dev.herald.adapter.websocket.connection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.herald.adapter.websocket.upgrade..",
                    "dev.herald.adapter.websocket.jakarta..", "jakarta.servlet..", "jakarta.websocket..")
            .as("the shared connection logic knows neither transport nor their containers' types");

    @Test
    void theWebSocketAdapterIsLayered() {
        for (String pkg : new String[]{"dev.herald.adapter.websocket.rfc6455", "dev.herald.adapter.websocket.connection",
                "dev.herald.adapter.websocket.upgrade", "dev.herald.adapter.websocket.jakarta", "dev.herald.adapter.http"}) {
            assertThat(HERALD.that(resideInAPackage(pkg))).as("classes in %s", pkg).isNotEmpty();
        }
        CODEC_IS_PURE_JAVA.check(HERALD);
        TRANSPORTS_ARE_APART.check(HERALD);
        CONNECTION_KNOWS_NO_TRANSPORT.check(HERALD);
        HTTP_SUPPORT_IS_SHARED_NOT_AN_ADAPTER.check(HERALD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adapters-memory", "adapters-file", "adapters-mongo", "adapters-redis", "adapters-jwt",
            "adapters-websocket", "adapters-rest"})
    void noAdapterDependsOnAnotherAdapter(String module) {
        String[] own = ADAPTER_MODULE_PACKAGES.get(module).toArray(String[]::new);
        String[] others = ADAPTER_MODULE_PACKAGES.entrySet().stream().filter(e -> !e.getKey().equals(module))
                .flatMap(e -> e.getValue().stream()).toArray(String[]::new);
        noClasses().that().resideInAnyPackage(own).should().dependOnClassesThat().resideInAnyPackage(others)
                .as(module + " depends on no other adapter module")
                .check(HERALD);
    }

    @Test
    void noPackageCycles() {
        NO_CYCLES.check(HERALD);
    }

    /**
     * The application's services, grouped by feature under {@code application.service} (its root
     * holds only the composition, {@code HeraldCore}): one feature may build on another, never in
     * a circle.
     */
    static final ArchRule SERVICE_FEATURES_ARE_ACYCLIC = slices().matching("dev.herald.application.service.(*)..")
            .should().beFreeOfCycles()
            .as("the application's feature packages do not depend on each other in a cycle");

    @Test
    void theServiceFeaturesHaveNoCycles() {
        for (String feature : new String[]{"settings", "auth", "delivery", "presence", "clients", "publishing",
                "operations"}) {
            assertThat(HERALD.that(resideInAPackage("dev.herald.application.service." + feature)))
                    .as("classes in application.service.%s", feature).isNotEmpty();
        }
        SERVICE_FEATURES_ARE_ACYCLIC.check(HERALD);
    }

    /** Proof that the purity rule can fail: a class in a domain package that uses JAX-RS is reported. */
    @Test
    void theDomainRuleCatchesAViolation() {
        JavaClasses violating = new ClassFileImporter().importClasses(DomainClassUsingJakarta.class);
        EvaluationResult result = DOMAIN_IS_PURE.evaluate(violating);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("jakarta.ws.rs.core.Response"));
        assertThat(APPLICATION_USES_ONLY_THE_DOMAIN.allowEmptyShould(true).evaluate(violating).hasViolation()).isFalse();
    }
}
