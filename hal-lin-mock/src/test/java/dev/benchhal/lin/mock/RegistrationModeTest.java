package dev.benchhal.lin.mock;

import dev.benchhal.lin.LinInterface;
import dev.benchhal.spi.DriverRegistry;
import dev.benchhal.spi.ProviderInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests run twice (see the pom): on the classpath and on the module path. This proves each
 * run is what it claims, and that the driver, its node models and its built-in LDF are found both ways.
 */
class RegistrationModeTest {

    @Test
    void theDriverAndTheAlmModelAreFoundTheWayThisRunDeploysThem() {
        boolean modulePath = Boolean.getBoolean("benchhal.test.modulePath");
        assertThat(LinMock.class.getModule().isNamed()).isEqualTo(modulePath);
        ProviderInfo mock = DriverRegistry.load().installed().stream()
                .filter(p -> p.scheme().equals("lin-mock")).findFirst().orElseThrow();
        if (modulePath) {
            assertThat(mock.module()).isEqualTo("dev.benchhal.lin.mock");
        }
        try (LinInterface lin = DriverRegistry.load().open("lin-mock:?ldf=builtin:alm&time=virtual", LinInterface.class)) {
            assertThat(((LinMock) lin).slave("ALM_Node").behaviour()).isPresent();
        }
    }
}
