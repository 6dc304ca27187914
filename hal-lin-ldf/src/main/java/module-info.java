/**
 * LIN description files: parser, writer, immutable model, signal codec, node configuration and
 * {@link dev.benchhal.lin.ldf.FrameIO} (frames and signals by name over any LIN interface).
 */
module dev.benchhal.lin.ldf {
    requires transitive dev.benchhal;
    requires org.slf4j;

    exports dev.benchhal.lin.ldf;
}
