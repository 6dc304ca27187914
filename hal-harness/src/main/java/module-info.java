/**
 * The campaign runner every harness shares: {@link dev.benchhal.harness.Campaign} (paths cycled concurrently,
 * structured failure, records, progress) and {@link dev.benchhal.harness.RecordLog}.
 */
module dev.benchhal.harness {
    requires transitive dev.benchhal.core;
    requires me.tongfei.progressbar;
    requires org.jfree.jfreechart;
    requires java.desktop;
    requires org.slf4j;
    requires static org.jspecify;
    requires tools.jackson.databind;
    requires dev.benchhal.usb.acroname;

    exports dev.benchhal.harness;
    exports dev.benchhal.harness.hotswap;
    exports dev.benchhal.harness.fabric;
    exports dev.benchhal.harness.passthrough;
}
