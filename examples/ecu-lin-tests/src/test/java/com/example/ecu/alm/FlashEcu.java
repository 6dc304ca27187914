package com.example.ecu.alm;

import dev.benchhal.junit.BenchBaseline;
import dev.benchhal.junit.BenchPreparation;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.LdfDatabase;
import dev.benchhal.lin.ldf.NodeAttributes;
import dev.benchhal.lin.ldf.diag.DiagnosticTransport;
import dev.benchhal.lin.ldf.flash.IntelHex;
import dev.benchhal.lin.ldf.flash.LinFlasher;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * The seed's optional flashing step ({@code flash_ecu}: {@code HexFlasher(lin).flash_hex(hex_path)}),
 * once per run before the suite's first test, as the bench file says:
 * <pre>
 * topology:
 *   flash: { hex: firmware/alm-app.hex, node: ALM_Node }   # enabled: false turns it off
 * </pre>
 * No {@code flash} entry, or {@code enabled: false}: nothing to do. Enabled without an image: every
 * test of the suite is skipped with that reason, as in the seed. A refused or failed download fails
 * every test with the step's error (which segment, which block, what the node said).
 */
public final class FlashEcu implements BenchPreparation {

    private static final Logger log = LoggerFactory.getLogger(FlashEcu.class);

    @Override
    public void prepare(BenchBaseline.Context bench) {
        Object entry = bench.bench().config().topology().get("flash");
        if (entry == null) {
            return;
        }
        if (!(entry instanceof Map<?, ?> flash)) {
            throw new IllegalArgumentException("topology.flash: expected { hex: FILE, node: NAME }, got " + entry);
        }
        if (Boolean.FALSE.equals(flash.get("enabled"))) {
            return;
        }
        Object hex = flash.get("hex");
        Assumptions.assumeTrue(hex != null, "topology.flash is enabled but names no image (hex: FILE)");
        Path image = bench.bench().config().baseDirectory().resolve(String.valueOf(hex));
        String node = flash.get("node") == null ? "ALM_Node" : String.valueOf(flash.get("node"));
        NodeAttributes attributes = LdfDatabase.load(AlmTester.LDF).nodeAttributes(node).orElseThrow(() ->
                new IllegalArgumentException("topology.flash.node: " + AlmTester.LDF + " has no node attributes for " + node));
        DiagnosticTransport transport = DiagnosticTransport.to(bench.device("lin", LinInterface.class), attributes);
        LinFlasher.Result done = LinFlasher.over(transport).flash(IntelHex.load(image));
        log.info("flashed {} into {}: {} bytes, {} segments, {} blocks in {}", image, transport.source(), done.bytes(),
                done.segments(), done.blocks(), done.took());
    }
}
