package dev.benchhal.tck;

import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.spi.ProviderInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hal-tck tests run twice (see the pom): on the classpath and on the module path. This test
 * proves each run is what it claims, so the contracts really pass in both deployments.
 */
class RegistrationModeTest {

    @Test
    void driversAreFoundTheWayThisRunDeploysThem() {
        boolean modulePath = Boolean.getBoolean("benchhal.test.modulePath");
        assertThat(DriverRegistry.class.getModule().isNamed()).isEqualTo(modulePath);
        ProviderInfo local = DriverRegistry.load().installed().stream()
                .filter(p -> p.scheme().equals("local")).findFirst().orElseThrow();
        if (modulePath) {
            assertThat(local.module()).isEqualTo("dev.benchhal.core");   // found through provides
        } else {
            assertThat(local.module()).isNotEqualTo("dev.benchhal.core"); // found through META-INF/services
        }
    }
}
