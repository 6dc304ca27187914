package dev.benchhal.core;

import dev.benchhal.spi.*;

import dev.benchhal.error.ConfigException;
import dev.benchhal.error.UnsupportedFeatureException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.core.shell.LocalShellProvider;
import dev.benchhal.testing.Thermometer;
import dev.benchhal.testing.ThermometerProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriverRegistryTest {

    @Test
    void loadFindsTheLocalShellThroughServiceLoader() {
        DriverRegistry registry = DriverRegistry.load();
        assertThat(registry.installed()).anySatisfy(p -> {
            assertThat(p.scheme()).isEqualTo("local");
            assertThat(p.family()).isEqualTo("HostShell");
            assertThat(p.providerClass()).isEqualTo(LocalShellProvider.class.getName());
        });
        try (HostShell shell = registry.open("local:", HostShell.class)) {
            assertThat(shell.run("echo", "hi").stdoutText()).isEqualTo("hi\n");
        }
    }

    @Test
    void unknownSchemeListsWhatIsInstalled() {
        DriverRegistry registry = DriverRegistry.of(new LocalShellProvider(), new ThermometerProvider());
        assertThatThrownBy(() -> registry.open("owen:sim:X", HostShell.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("owen:sim:X: unknown scheme \"owen\"")
                .hasMessageContaining("installed: local (HostShell), thermo (Thermometer)");
    }

    @Test
    void wrongFamilyNamesBothFamiliesAndTheRightSchemes() {
        DriverRegistry registry = DriverRegistry.of(new LocalShellProvider(), new ThermometerProvider());
        assertThatThrownBy(() -> registry.open("local:", Thermometer.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scheme \"local\" opens a HostShell, not a Thermometer")
                .hasMessageContaining("installed Thermometer schemes: thermo");
    }

    /** A thermometer driver built for another driver API. */
    static final class ThermometerFromTheFuture extends ThermometerProvider {
        private final String built;

        ThermometerFromTheFuture(String built) {
            this.built = built;
        }

        @Override
        public String apiVersion() {
            return built;
        }
    }

    @Test
    void aDriverBuiltForAnIncompatibleApiIsReportedByNameNotFailingLater() {
        DriverRegistry registry = DriverRegistry.of(new ThermometerFromTheFuture("9.2"), new LocalShellProvider());
        assertThat(registry.problems()).singleElement().asString()
                .contains(ThermometerFromTheFuture.class.getName()).contains("scheme \"thermo\"")
                .contains("built for Bench HAL driver API 9.2, but this is API " + DriverProvider.API_VERSION);
        assertThatThrownBy(() -> registry.provider("thermo")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("built for Bench HAL driver API 9.2");
        assertThat(registry.provider("local")).isInstanceOf(LocalShellProvider.class);
        // built for this API, or silent about it: usable
        assertThat(DriverRegistry.of(new ThermometerFromTheFuture(DriverProvider.API_VERSION)).problems()).isEmpty();
        assertThat(DriverRegistry.of(new ThermometerFromTheFuture(null)).provider("thermo")).isNotNull();
        assertThat(new ThermometerProvider().apiVersion()).as("a provider states the API it was compiled against")
                .isEqualTo(DriverProvider.API_VERSION);
    }

    @Test
    void apiCompatibilityFollowsTheVersionRules() {
        assertThat(DriverRegistry.compatible("0.1", "0.1")).isTrue();
        assertThat(DriverRegistry.compatible("0.1", "0.2")).as("before 1.0 a minor version may change the SPI").isFalse();
        assertThat(DriverRegistry.compatible("1.2", "1.4")).as("from 1.0 minor versions only add").isTrue();
        assertThat(DriverRegistry.compatible("1.5", "1.4")).isFalse();
        assertThat(DriverRegistry.compatible("2.0", "1.9")).isFalse();
        assertThat(DriverRegistry.compatible("banana", "1.0")).isFalse();
    }

    @Test
    void duplicateSchemeIsReportedAtLoadAndFailsOnUse() {
        DriverRegistry registry = DriverRegistry.of(new ThermometerProvider(), new ThermometerProvider(), new LocalShellProvider());
        assertThat(registry.problems()).singleElement().asString().contains("scheme \"thermo\" is claimed by 2 providers");
        assertThatThrownBy(() -> registry.provider("thermo"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("claimed by 2 providers")
                .hasMessageContaining(ThermometerProvider.class.getName());
        // the other schemes still work
        assertThat(registry.provider("local")).isInstanceOf(LocalShellProvider.class);
        assertThat(registry.installed()).hasSize(3);
    }

    @Test
    void providerThatReturnsAnotherTypeIsCaught() {
        DriverProvider<Thermometer> liar = new DriverProvider<>() {
            @Override
            public String scheme() {
                return "liar";
            }

            @Override
            public Class<Thermometer> family() {
                return Thermometer.class;
            }

            @Override
            public Thermometer open(DeviceSpec spec, DriverContext context) {
                return null;
            }
        };
        assertThatThrownBy(() -> DriverRegistry.of(liar).open("liar:", Thermometer.class))
                .hasMessageContaining("returned null instead of a Thermometer");
    }

    @Test
    void aProviderWithoutSchemeOrFamilyIsNamedWhenTheRegistryIsMade() {
        class Unnamed extends ThermometerProvider {
            @Override
            public String scheme() {
                return null;
            }
        }
        class Familyless extends ThermometerProvider {
            @Override
            @SuppressWarnings("NullAway")
            public Class<Thermometer> family() {
                return null;
            }
        }
        assertThatThrownBy(() -> DriverRegistry.of(new LocalShellProvider(), new Unnamed(), new ThermometerProvider()))
                .isInstanceOf(NullPointerException.class).hasMessage(Unnamed.class.getName() + ".scheme() returned null");
        assertThatThrownBy(() -> DriverRegistry.of(new LocalShellProvider(), new Familyless()))
                .isInstanceOf(NullPointerException.class).hasMessage(Familyless.class.getName() + ".family() returned null");
    }

    /** A driver that fails while it opens, as drivers do. */
    private static DriverProvider<Thermometer> failing(RuntimeException orNull, Error error) {
        return new DriverProvider<>() {
            @Override
            public String scheme() {
                return "fails";
            }

            @Override
            public Class<Thermometer> family() {
                return Thermometer.class;
            }

            @Override
            public Thermometer open(DeviceSpec spec, DriverContext context) {
                if (orNull != null) {
                    throw orNull;
                }
                throw error;
            }
        };
    }

    @Test
    void aValueTheDriverRefusesIsAConfigurationErrorNamingTheUri() {
        assertThatThrownBy(() -> DriverRegistry.of(failing(new IllegalArgumentException("rate must be positive, not 0"), null))
                .open("fails:x?rate=0", Thermometer.class))
                .isInstanceOf(ConfigException.class).hasMessage("fails:x?rate=0: rate must be positive, not 0");
    }

    @Test
    void aDriverThatCannotRunHereSaysSoInsteadOfALinkageError() {
        assertThatThrownBy(() -> DriverRegistry.of(failing(null, new UnsatisfiedLinkError("libvirt.so.0: cannot open shared object")))
                .open("fails:", Thermometer.class))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("fails:: driver \"fails\"").hasMessageContaining("cannot run here")
                .hasMessageContaining("libvirt.so.0: cannot open shared object");
    }

    @Test
    void installedInfoNamesModuleOrJarAndVersion() {
        ProviderInfo info = DriverRegistry.of(new ThermometerProvider()).installed().get(0);
        assertThat(info.module()).as("the jar or directory it came from").matches("test-classes|hal-api-.*-tests.jar");
        assertThat(info.version()).isEqualTo(java.util.Optional.ofNullable(ThermometerProvider.class.getPackage()
                .getImplementationVersion()).orElse("unknown"));
        assertThat(info.description()).isEqualTo("Thermometer driver");
    }
}
