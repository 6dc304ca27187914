package dev.benchhal.testcontainers;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one running {@link LabHostContainer}: started on first use (the image built first if the engine
 * lacks it), removed when the class is done; skipped with one line where no Docker engine runs, failed instead on CI
 * ({@link LabHostContainer#assumeDocker()}). Declare a {@code LabHostContainer} parameter on a {@code @BeforeAll} or
 * test method:
 *
 * <pre>{@code
 * @ExtendWith(LabHostExtension.class)
 * class MyRemoteTest {
 *     static LabHostContainer host;
 *     @BeforeAll static void labHost(LabHostContainer h) { host = h; }
 * }
 * }</pre>
 *
 * A test that configures its container first ({@link LabHostContainer#withSysfsTree}) starts its own.
 */
public final class LabHostExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LabHostExtension.class);

    /** Used by JUnit. */
    public LabHostExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LabHostContainer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getParent().isPresent()
                && context.getTestMethod().isPresent() ? context.getParent().get() : context;
        return classContext.getStore(NS).computeIfAbsent("lab-host", k -> new Running(), Running.class).host;
    }

    /** The container, closed by JUnit with the store. */
    private static final class Running implements AutoCloseable {
        final LabHostContainer host;

        Running() {
            LabHostContainer.assumeDocker();
            host = new LabHostContainer();
            host.start();
        }

        @Override
        public void close() {
            host.close();
        }
    }
}
