package dev.benchhal.harness;

import dev.benchhal.core.time.VirtualClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignReportTest {

    @TempDir
    Path dir;

    /** A simulated hot-swap campaign: vanish times near 300 ms with one of 5 s, one failed return, a link trained to x2. */
    private Path campaign() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        CampaignResult result = Campaign.named("hotswap").paths(List.of("rrh1", "rrh2", "rrh3", "rrh4")).iterations(30)
                .clock(clock).directory(dir.resolve("run")).build().run(cycle -> {
                    int n = cycle.iteration() * 7 + cycle.path().hashCode() % 13;
                    cycle.step("power-off", () -> cycle.clock().sleep(Duration.ofMillis(20)));
                    long vanish = cycle.path().equals("rrh3") && cycle.iteration() == 17 ? 5000 : 280 + n % 40;
                    cycle.step("wait-vanish", () -> cycle.clock().sleep(Duration.ofMillis(vanish)));
                    cycle.note("vanishMs", vanish);
                    cycle.step("power-on", () -> cycle.clock().sleep(Duration.ofMillis(20)));
                    cycle.step("wait-return", () -> {
                        cycle.clock().sleep(Duration.ofMillis(900 + n % 100));
                        if (cycle.path().equals("rrh2") && cycle.iteration() == 9) {
                            throw new IllegalStateException("0000:03:00.0 did not return within 10 s");
                        }
                    });
                    cycle.note("linkWidth", cycle.path().equals("rrh4") && cycle.iteration() % 10 == 0 ? 2 : 4);
                    cycle.note("linkSpeed", "8.0 GT/s");
                });
        assertThat(result.failures()).hasSize(1);
        return result.records();
    }

    /**
     * The report as a person sees it: headless Chromium renders it and its screenshot shows the charts in colour. The
     * same page with its pictures broken is rendered too, to show the check tells them apart. Chromium comes from
     * Debian ({@code .ci/run} installs it): without it the test is skipped here, and fails in CI.
     */
    @Test
    void aRealBrowserShowsTheReportWithItsCharts() throws Exception {
        Optional<Path> chromium = java.util.stream.Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .map(Path::of).filter(Files::isExecutable).findFirst();
        if (chromium.isEmpty()) {
            assertThat(System.getenv("CI")).as("CI installs chromium (.ci/run): the report must be seen in a browser there").isNotEqualTo("true");
            Assumptions.abort("no Chromium here (apt-get install chromium): the report is not checked in a browser");
        }
        CampaignReport.Written written = CampaignReport.write(campaign(), dir.resolve("report"));
        double shown = colourShare(screenshot(chromium.get(), written.html()));
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, Files.readString(written.html()).replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,AAAA"));
        double withoutPictures = colourShare(screenshot(chromium.get(), broken));
        assertThat(shown).as("share of coloured pixels with the charts").isGreaterThan(0.02);
        assertThat(withoutPictures).as("share of coloured pixels with the pictures broken").isLessThan(0.005);
    }

    /** Headless Chromium as the project's machines run it: no sandbox (root), no network of its own, a fresh profile. */
    private Path screenshot(Path chromium, Path page) throws IOException, InterruptedException {
        Path shot = Files.createTempFile(dir, "shot", ".png");
        Path profile = Files.createTempDirectory(dir, "profile");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,5000", "--screenshot=" + shot, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("chromium ended").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.log"))).isZero();
        return shot;
    }

    /** @return the share of pixels with colour in them (the charts' series and markers; text and tables are grey) */
    private static double colourShare(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    coloured++;
                }
            }
        }
        return (double) coloured / ((long) image.getWidth() * image.getHeight());
    }

    @Test
    void theReportShowsVerdictPhasesFailuresOutliersAndCharts() throws IOException {
        CampaignReport.Written written = CampaignReport.write(campaign(), dir.resolve("report"));
        if (System.getProperty("benchhal.keepReport") != null) {
            Files.copy(written.html(), Path.of(System.getProperty("benchhal.keepReport")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        String html = Files.readString(written.html());
        assertThat(html).contains("FAILED: 1 of 120 cycles of 4 paths failed.")
                .contains("<td>rrh2</td><td>9</td><td>wait-return</td><td>0000:03:00.0 did not return within 10 s</td>")
                .contains("<td>wait-vanish</td><td>120</td><td>0</td>")
                .contains("Control chart: vanishMs").contains("Control chart: wait-vanish ms").contains("Control chart: cycle ms")
                .contains("<h2>linkWidth</h2>").contains("<h2>linkSpeed</h2>").contains("<h2>Timeline</h2>");
        assertThat(written.outOfControl()).anySatisfy(o -> assertThat(o).startsWith("vanishMs rrh3 #17 = 5000"))
                .anySatisfy(o -> assertThat(o).startsWith("wait-vanish ms rrh3 #17 = 5000"));
        // every chart is a real picture of the size the page gives it
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int count = 0;
        while (images.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
            assertThat(image.getWidth()).isEqualTo(900);
            assertThat(image.getHeight()).isEqualTo(320);
            count++;
        }
        // timeline, histograms and control charts of the 2 phases whose time varied, control charts of the cycle and
        // vanishMs, linkWidth and linkSpeed counts; the 2 phases that took 20 ms every time say so instead of charts
        assertThat(count).isEqualTo(1 + 2 + 4 + 2);
        assertThat(html).contains("<h2>Time of power-off</h2><p>All 120 runs took 20 ms.</p>")
                .contains("<h2>Control chart: power-on ms</h2><p>Every one of 120 cycles: 20; no spread, nothing to chart.</p>");

        String summary = Files.readString(written.summary());
        assertThat(summary).startsWith("# hotswap\n\nFAILED: 1 of 120 cycles")
                .contains("| wait-return | 120 | 1 |").contains("| rrh2 | 9 | wait-return | 0000:03:00.0 did not return within 10 s |")
                .contains("- vanishMs rrh3 #17 = 5000");
    }

    @Test
    void aPassedCampaignSaysSoAndListsNoFailures() throws IOException {
        Path records = Campaign.named("quick").paths(List.of("a")).iterations(3).clock(VirtualClock.autoAdvancing())
                .directory(dir.resolve("q")).build().run(cycle -> cycle.step("only", () -> cycle.clock().sleep(Duration.ofSeconds(1))))
                .records();
        CampaignReport.Written written = CampaignReport.write(records, dir.resolve("q-report"));
        assertThat(Files.readString(written.html())).contains("PASSED: 3 cycles of 1 paths, none failed.").doesNotContain("Failures");
        assertThat(written.outOfControl()).isEmpty();
    }
}
