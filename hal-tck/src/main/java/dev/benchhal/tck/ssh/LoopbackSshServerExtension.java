package dev.benchhal.tck.ssh;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Gives a test class one {@link LoopbackSshServer}, started on first use and stopped (its
 * directory deleted) when the class is done. Declare a {@code LoopbackSshServer} parameter on a
 * {@code @BeforeAll} or test method:
 *
 * <pre>{@code
 * @ExtendWith(LoopbackSshServerExtension.class)
 * class MyRemoteTest {
 *     static LoopbackSshServer sshd;
 *     @BeforeAll static void server(LoopbackSshServer s) { sshd = s; }
 * }
 * }</pre>
 */
public final class LoopbackSshServerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LoopbackSshServerExtension.class);

    /** Used by JUnit. */
    public LoopbackSshServerExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LoopbackSshServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getParent().isPresent()
                && context.getTestMethod().isPresent() ? context.getParent().get() : context;
        return classContext.getStore(NS).computeIfAbsent("server", k -> new Running(), Running.class).server;
    }

    /** The server and its directory, closed by JUnit with the store. */
    private static final class Running implements AutoCloseable {
        final Path dir;
        final LoopbackSshServer server;

        Running() {
            try {
                dir = Files.createTempDirectory("benchhal-sshd");
                server = LoopbackSshServer.start(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the loopback sshd", e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
