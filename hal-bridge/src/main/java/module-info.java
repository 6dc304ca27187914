/**
 * Bench HAL bridges: JSON-lines sidecar processes that speak to vendor SDKs (Python), on this
 * machine or in batches on a lab host through a HostShell, and the protocol module they share.
 */
module dev.benchhal.bridge {
    requires transitive dev.benchhal;
    requires dev.benchhal.core;
    requires org.slf4j;
    requires tools.jackson.core;

    exports dev.benchhal.bridge;
}
