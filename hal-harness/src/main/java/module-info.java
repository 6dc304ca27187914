/**
 * The campaign runner's shared parts: {@link dev.benchhal.harness.RecordLog}, records appended as JSON lines as
 * they happen.
 */
module dev.benchhal.harness {
    requires transitive dev.benchhal;
    requires org.slf4j;
    requires tools.jackson.databind;

    exports dev.benchhal.harness;
}
