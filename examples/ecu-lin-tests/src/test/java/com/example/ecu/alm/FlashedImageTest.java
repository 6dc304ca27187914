package com.example.ecu.alm;

import dev.benchhal.junit.BenchTest;
import dev.benchhal.junit.Role;
import dev.benchhal.junit.TestSpec;
import dev.benchhal.lin.LinInterface;
import dev.benchhal.lin.ldf.flash.IntelHex;
import dev.benchhal.lin.mock.LinMock;
import dev.benchhal.lin.mock.boot.BootloaderNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The flashing step ({@link FlashEcu}) ran before this suite: on the simulated bench the ALM's
 * bootloader holds every byte of the bench file's image, checked, and the node was reset once.
 * On a real bench there is nothing to look into: the test is skipped.
 */
@BenchTest
class FlashedImageTest {

    @Test
    @TestSpec(title = "The ECU runs the image the bench names", requirements = "REQ-FLASH-1",
            steps = {"flash the image once before the suite", "read the bootloader's memory"},
            expected = "every segment written and checked; one reset")
    void theBootloaderHoldsTheBenchsImage(@Role("lin") LinInterface lin) {
        BootloaderNode bootloader = lin.unwrap(LinMock.class)
                .flatMap(mock -> mock.slave("ALM_Node").behaviour(BootloaderNode.class)).orElse(null);
        assumeTrue(bootloader != null, "not the simulated bench: its bootloader cannot be looked into");
        IntelHex image = IntelHex.load(Path.of("firmware/alm-app.hex"));

        for (IntelHex.Segment s : image.segments()) {
            assertThat(bootloader.memory(s.address(), s.data().length)).as("segment at 0x%X", s.address())
                    .isEqualTo(s.data());
        }
        assertThat(bootloader.verifiedRanges()).hasSameSizeAs(image.segments());
        assertThat(bootloader.resets()).isEqualTo(1);
    }
}
