package dev.benchhal.hypervisor.libvirt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** libvirt prints its errors on stderr unless told otherwise; the driver sends them to SLF4J instead. */
class LibvirtErrorRoutingTest {

    @Test
    void libvirtErrorsReachTheLogNotStderr() throws Exception {
        Run raw = run("raw");
        assertThat(raw.err).as("control: unrouted, libvirt prints on fd 2").contains("libvirt: Test Driver error : Domain not found");

        Run driver = run("driver");
        assertThat(driver.err).as("routed: nothing on fd 2").isEmpty();
        assertThat(driver.out).contains("libvirt error VIR_ERR_NO_DOMAIN: Domain not found");
    }

    private record Run(String out, String err) {
    }

    private static Run run(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // SLF4J to stdout at DEBUG, so stderr holds only what bypasses it
        Process p = new ProcessBuilder(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-cp", System.getProperty("java.class.path"),
                ErrorProvoker.class.getName(), mode).start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(err, StandardCharsets.UTF_8)).isZero();
        return new Run(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
