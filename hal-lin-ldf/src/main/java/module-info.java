/**
 * LIN description files: parser, writer, immutable model, signal codec, node configuration and
 * {@link dev.benchhal.lin.ldf.FrameIO} (frames and signals by name over any LIN interface).
 */
module dev.benchhal.lin.ldf {
    requires transitive dev.benchhal;
    requires org.slf4j;
    requires dev.benchhal.cli.spi;
    // picocli is there when the command line runs, the only place that loads the command
    requires static info.picocli;

    exports dev.benchhal.lin.ldf;
    exports dev.benchhal.lin.ldf.flash;
    exports dev.benchhal.lin.ldf.diag;

    opens dev.benchhal.lin.ldf.cli to info.picocli;
    provides dev.benchhal.cli.spi.CommandProvider with dev.benchhal.lin.ldf.cli.LdfCommandProvider;
}
