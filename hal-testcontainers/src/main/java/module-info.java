/**
 * A simulated lab host for integration tests: {@link dev.benchhal.testcontainers.LabHostContainer}, a Testcontainers
 * container reached over SSH on 127.0.0.1, and its image, built from Debian's packages
 * ({@link dev.benchhal.testcontainers.LabHostImage}).
 */
@SuppressWarnings("requires-transitive-automatic") // LabHostContainer is a GenericContainer: users need its module too
module dev.benchhal.testcontainers {
    requires transitive dev.benchhal;
    // Testcontainers 1.x has no module name of its own: the name comes from its jar (testcontainers-1.21.4.jar)
    requires transitive testcontainers;
    requires com.github.dockerjava.api;
    requires dev.benchhal.tck;
    // LabHostExtension is a JUnit extension: its users read JUnit's API through this module
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;
    requires static org.jspecify;

    exports dev.benchhal.testcontainers;
}
