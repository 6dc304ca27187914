package dev.benchhal.lin.ldf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The team's own LDF test files, from the test resources. */
final class TestLdf {

    private TestLdf() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = TestLdf.class.getResourceAsStream("/ldf/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource ldf/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return LdfParser.decode(bytes(resource));
    }

    static LdfDatabase load(String resource) {
        return LdfParser.strict().parse(bytes(resource), resource);
    }

    static LdfDatabase alm() {
        return load("alm.ldf");
    }
}
