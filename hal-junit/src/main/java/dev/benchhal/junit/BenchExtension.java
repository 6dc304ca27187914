package dev.benchhal.junit;

import dev.benchhal.Device;
import dev.benchhal.DeviceUri;
import dev.benchhal.core.bench.Bench;
import dev.benchhal.core.bench.BenchConfig;
import dev.benchhal.core.bench.DeviceConfig;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.HalException;
import dev.benchhal.time.BenchClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extension behind {@link BenchTest}: one bench per test run in the root context's store,
 * devices for parameters and {@link Role} fields, the {@link RequiresRole} gates and
 * {@link PoweredBench}. Register it with {@code @BenchTest} (or {@code @ExtendWith}); it keeps no
 * state of its own, so one instance per class is as good as one for all.
 */
public final class BenchExtension implements ParameterResolver, TestInstancePostProcessor, ExecutionCondition,
        BeforeAllCallback, BeforeEachCallback, AfterEachCallback, InvocationInterceptor, ClassTemplateInvocationContextProvider,
        BeforeTestExecutionCallback, AfterTestExecutionCallback, TestWatcher {

    /** The configuration parameter that names the bench file (over {@code BENCHHAL_CONFIG} and {@code ./bench.yaml}). */
    public static final String BENCH_FILE_PARAMETER = "benchhal.bench";
    /** The configuration parameter with the bench files of a {@link Benches} class that names none, comma-separated. */
    public static final String BENCH_FILES_PARAMETER = "benchhal.benches";
    /** The configuration parameter naming where the run's reports go (default {@code target/benchhal-reports}). */
    public static final String REPORTS_PARAMETER = "benchhal.reports";
    private static final String REPORT = "report";
    private static final String STARTED = "started";
    private static final String TOOK = "took";
    /** The store key of the bench a context runs on: the run's, or a {@link Benches} invocation's own. */
    private static final String RUN = "run";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BenchExtension.class);
    /** Why an optional parameter's device is unavailable, kept for the invocation to skip. */
    private static final String SKIP = "skip";

    /** Made by JUnit. */
    public BenchExtension() {
    }

    private static RunBench run(ExtensionContext context) {
        // stores are searched upwards: a Benches invocation's own bench, else the run's
        LazyRun lazy = context.getStore(NAMESPACE).get(RUN, LazyRun.class);
        if (lazy == null) {
            lazy = context.getRoot().getStore(NAMESPACE).computeIfAbsent(RUN,
                    key -> new LazyRun(context.getConfigurationParameter(BENCH_FILE_PARAMETER)), LazyRun.class);
        }
        return lazy.get();
    }

    /** A bench opened on first use, closed with the store that holds it (the run, or one {@link Benches} invocation). */
    private static final class LazyRun implements AutoCloseable {
        private final Optional<String> file;
        private @Nullable RunBench run;
        private @Nullable RuntimeException failed;

        LazyRun(Optional<String> file) {
            this.file = file;
        }

        synchronized RunBench get() {
            if (run == null) {
                if (failed != null) {
                    throw failed;
                }
                try {
                    run = RunBench.open(file);
                } catch (RuntimeException e) {
                    failed = e;
                    throw e;
                }
            }
            return run;
        }

        @Override
        public synchronized void close() {
            if (run != null) {
                run.close();
            }
        }
    }

    // ---- the same suite over several benches ------------------------------------------------------

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation((AnnotatedElement) c, Benches.class)).isPresent();
    }

    @Override
    public java.util.stream.Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        Benches benches = AnnotationSupport.findAnnotation((AnnotatedElement) context.getRequiredTestClass(), Benches.class)
                .orElseThrow();
        List<String> files = benches.value().length > 0 ? List.of(benches.value())
                : context.getConfigurationParameter(BENCH_FILES_PARAMETER).map(v -> java.util.Arrays.stream(v.split(",", -1))
                .map(String::strip).filter(f -> !f.isEmpty()).toList()).orElse(List.of());
        if (files.isEmpty()) {
            throw new ConfigException(context.getRequiredTestClass().getName(), "@Benches names no bench file, and the "
                    + "configuration parameter " + BENCH_FILES_PARAMETER + " gives none");
        }
        return files.stream().map(file -> new ClassTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return file;
            }

            @Override
            public void prepareInvocation(ExtensionContext invocation) {
                invocation.getStore(NAMESPACE).put(RUN, new LazyRun(Optional.of(file)));
            }
        });
    }

    // ---- gates ------------------------------------------------------------------------------------

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<RequiresRole> gates = new ArrayList<>();
        context.getElement().ifPresent(e -> gates.addAll(AnnotationSupport.findRepeatableAnnotations(e, RequiresRole.class)));
        if (gates.isEmpty()) {
            return ConditionEvaluationResult.enabled("no gate");
        }
        BenchConfig config;
        try {
            config = run(context).config();
        } catch (HalException e) {
            return ConditionEvaluationResult.enabled("the bench does not resolve: the tests say why");
        }
        for (RequiresRole gate : gates) {
            DeviceConfig device = config.devices().get(gate.value());
            if (device == null) {
                return ConditionEvaluationResult.disabled("bench " + config.name() + " has no role \"" + gate.value() + "\"");
            }
            if (!gate.scheme().isEmpty() && !gate.scheme().equals(scheme(device))) {
                return ConditionEvaluationResult.disabled("role \"" + gate.value() + "\" of bench " + config.name() + " is "
                        + device.uri() + ", not " + gate.scheme() + ":");
            }
        }
        return ConditionEvaluationResult.enabled("bench " + config.name() + " has what the gates ask for");
    }

    private static String scheme(DeviceConfig device) {
        try {
            return DeviceUri.parse(device.uri()).scheme();
        } catch (ConfigException e) {
            return "";
        }
    }

    // ---- devices ----------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return parameter.isAnnotated(Role.class) || Device.class.isAssignableFrom(type) || type == Bench.class
                || type == BenchClock.class || type == BenchConfig.class || type == Recorder.class
                || type.isAnnotationPresent(SuiteHelper.class);
    }

    @Override
    public @Nullable Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType().isAnnotationPresent(SuiteHelper.class)) {
            return helper(parameter.getParameter().getType(), context);
        }
        if (parameter.getParameter().getType() == Recorder.class) {
            return context.getStore(NAMESPACE).computeIfAbsent(Recorder.class, key -> new Recorder(context), Recorder.class);
        }
        Optional<Role> role = parameter.findAnnotation(Role.class);
        try {
            return resolve(parameter.getParameter().getType(), role, parameter.getDeclaringExecutable().getName() + "("
                    + parameter.getParameter().getName() + ")", context);
        } catch (TestAbortedException unavailable) {
            // JUnit turns whatever a resolver throws into a failure: the skip happens as the test is invoked
            context.getStore(NAMESPACE).put(SKIP, unavailable);
            return null;
        }
    }

    @Override
    public void interceptTestMethod(Invocation<@Nullable Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        skipIfUnavailable(invocation, context);
        invocation.proceed();
    }

    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation, ReflectiveInvocationContext<Constructor<T>> invocationContext,
                                               ExtensionContext context) throws Throwable {
        skipIfUnavailable(invocation, context);
        return invocation.proceed();
    }

    private static void skipIfUnavailable(Invocation<?> invocation, ExtensionContext context) {
        TestAbortedException unavailable = context.getStore(NAMESPACE).remove(SKIP, TestAbortedException.class);
        if (unavailable != null) {
            invocation.skip();
            throw unavailable;
        }
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
        for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), Role.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            Object value = resolve(field.getType(), Optional.of(field.getAnnotation(Role.class)), "field " + field.getName(), context);
            field.setAccessible(true);
            field.set(instance, value);
        }
    }

    private static Object resolve(Class<?> type, Optional<Role> role, String where, ExtensionContext context) {
        RunBench run = run(context);
        if (type == Bench.class) {
            return run.bench();
        }
        if (type == BenchClock.class) {
            return run.bench().clock();
        }
        if (type == BenchConfig.class) {
            return run.config();
        }
        if (!Device.class.isAssignableFrom(type)) {
            throw new ParameterResolutionException(where + ": @Role goes on a device family (PowerSupply, LinInterface, ...), not "
                    + type.getName());
        }
        @SuppressWarnings("unchecked")
        Class<? extends Device> family = (Class<? extends Device>) type;
        boolean optional = role.map(Role::optional).orElse(false);
        String name = role.map(Role::value).orElse("");
        if (name.isEmpty()) {
            List<String> candidates = run.rolesOf(family);
            if (candidates.size() > 1) {
                throw new ParameterResolutionException(where + ": bench " + run.config().name() + " has several "
                        + family.getSimpleName() + " roles " + candidates + "; name one with @Role");
            }
            if (candidates.isEmpty()) {
                String why = "bench " + run.config().name() + " has no " + family.getSimpleName() + " role (roles: "
                        + String.join(", ", run.config().devices().keySet()) + ")";
                if (optional) {
                    Assumptions.abort(why);
                }
                throw new ParameterResolutionException(where + ": " + why);
            }
            name = candidates.get(0);
        }
        checkSuite(name, context);
        try {
            return run.device(name, family);
        } catch (HalException e) {
            if (optional) {
                Assumptions.abort("role \"" + name + "\" is unavailable: " + e.getMessage());
            }
            throw e;
        }
    }

    // ---- suites and baselines ---------------------------------------------------------------------

    /** An annotation and where it was declared: a class, or a package (which covers those below it). */
    private record Declared<A>(A annotation, String where) {
    }

    /** @return the nearest declaration: the class (or a superclass), else its package or the nearest above it */
    private static <A extends java.lang.annotation.Annotation> Optional<Declared<A>> nearest(Class<A> type, Class<?> testClass) {
        Optional<A> onClass = AnnotationSupport.findAnnotation((AnnotatedElement) testClass, type);
        if (onClass.isPresent()) {
            return Optional.of(new Declared<>(onClass.get(), "class " + testClass.getName()));
        }
        for (String pkg = testClass.getPackageName(); !pkg.isEmpty();
             pkg = pkg.contains(".") ? pkg.substring(0, pkg.lastIndexOf('.')) : "") {
            try {
                A onPackage = Class.forName(pkg + ".package-info", false, testClass.getClassLoader()).getAnnotation(type);
                if (onPackage != null) {
                    return Optional.of(new Declared<>(onPackage, "package " + pkg));
                }
            } catch (ClassNotFoundException noPackageInfo) {
                // no declaration at this level: look further up
            }
        }
        return Optional.empty();
    }

    private static void checkSuite(String role, ExtensionContext context) {
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isEmpty()) {
            return;
        }
        nearest(BenchSuite.class, testClass.get()).ifPresent(suite -> {
            List<String> roles = List.of(suite.annotation().roles());
            if (!roles.contains(role)) {
                String name = suite.annotation().name().isEmpty() ? suite.where() : "\"" + suite.annotation().name()
                        + "\" (" + suite.where() + ")";
                throw new ParameterResolutionException("role \"" + role + "\" is not for the tests of suite " + name
                        + ", which may use " + roles);
            }
        });
    }

    /** A helper of the test's suite, made for this test; asking outside the suite is an error naming its helpers. */
    private static Object helper(Class<?> type, ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<Declared<BenchSuite>> suite = nearest(BenchSuite.class, testClass);
        List<String> offered = new ArrayList<>();
        for (Class<? extends BenchHelper<?>> factory : suite.map(s -> List.of(s.annotation().helpers())).orElse(List.of())) {
            BenchHelper<?> helper;
            try {
                helper = factory.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new ParameterResolutionException(factory.getName() + " needs a public no-argument constructor", e);
            }
            if (helper.type() == type) {
                return helper.create(baselineContext(context));
            }
            offered.add(helper.type().getSimpleName());
        }
        throw new ParameterResolutionException(type.getSimpleName() + " is a helper of another group of tests: "
                + suite.map(s -> "suite " + (s.annotation().name().isEmpty() ? s.where() : "\"" + s.annotation().name() + "\" ("
                + s.where() + ")") + " offers " + offered).orElse(testClass.getName() + " is in no @BenchSuite"));
    }

    private static BenchBaseline.Context baselineContext(ExtensionContext context) {
        RunBench run = run(context);
        return new BenchBaseline.Context() {
            @Override
            public Bench bench() {
                return run.bench();
            }

            @Override
            public <T extends Device> T device(String role, Class<T> family) {
                checkSuite(role, context);
                return run.device(role, family);
            }
        };
    }

    @Override
    public void beforeEach(ExtensionContext context) throws ReflectiveOperationException {
        prepare(context);
        Optional<Declared<Baseline>> baseline = nearest(Baseline.class, context.getRequiredTestClass());
        if (baseline.isEmpty()) {
            return;
        }
        BenchBaseline.Context bench = baselineContext(context);
        for (Class<? extends BenchBaseline> type : baseline.get().annotation().value()) {
            type.getConstructor().newInstance().apply(bench);
        }
    }

    /** The test's preparations, each once per bench: a skip or failure of one is every later test's. */
    private static void prepare(ExtensionContext context) {
        Optional<Declared<Prepare>> prepare = nearest(Prepare.class, context.getRequiredTestClass());
        if (prepare.isEmpty()) {
            return;
        }
        BenchBaseline.Context bench = baselineContext(context);
        for (Class<? extends BenchPreparation> step : prepare.get().annotation().value()) {
            Optional<Throwable> outcome = run(context).prepareOnce(step, () -> {
                try {
                    step.getConstructor().newInstance().prepare(bench);
                    return Optional.empty();
                } catch (java.lang.reflect.InvocationTargetException e) {
                    return Optional.of(e.getCause());
                } catch (Exception | AssertionError e) {
                    return Optional.of(e);
                }
            });
            if (outcome.isPresent()) {
                Throwable t = outcome.get();
                if (t instanceof TestAbortedException) {
                    throw new TestAbortedException(step.getSimpleName() + ": " + t.getMessage(), t);
                }
                throw new BenchPreparation.FailedException(step, t);
            }
        }
    }

    // ---- a powered bench --------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        powered(context).ifPresent(p -> run(context).powerUp(p.role()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (powered(context).isPresent()) {
            run(context).restoreNominal();
        }
    }

    private static Optional<PoweredBench> powered(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation((AnnotatedElement) c, PoweredBench.class));
    }

    // ---- the run's report ------------------------------------------------------------------------

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STARTED, System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Long started = context.getStore(NAMESPACE).get(STARTED, Long.class);
        if (started != null) {
            context.getStore(NAMESPACE).put(TOOK, java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        report(context, RunReport.Outcome.PASSED, "");
    }

    @Override
    public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
        report(context, RunReport.Outcome.FAILED, cause == null ? "" : String.valueOf(cause.getMessage()));
    }

    @Override
    public void testAborted(ExtensionContext context, @Nullable Throwable cause) {
        report(context, RunReport.Outcome.SKIPPED, cause == null ? "" : String.valueOf(cause.getMessage()));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        report(context, RunReport.Outcome.DISABLED, reason.orElse(""));
    }

    private static void report(ExtensionContext context, RunReport.Outcome outcome, String reason) {
        RunReport report = context.getRoot().getStore(NAMESPACE).computeIfAbsent(REPORT, key -> new RunReport(
                java.nio.file.Path.of(context.getConfigurationParameter(REPORTS_PARAMETER).orElse("target/benchhal-reports"))),
                RunReport.class);
        String bench;
        try {
            bench = run(context).config().name();
        } catch (HalException e) {
            bench = "(did not resolve)";
        }
        Recorder recorder = context.getStore(NAMESPACE).get(Recorder.class, Recorder.class);
        java.time.Duration took = context.getStore(NAMESPACE).getOrDefault(TOOK, java.time.Duration.class, java.time.Duration.ZERO);
        String name = context.getTestClass().map(Class::getSimpleName).orElse("") + "." + context.getDisplayName();
        report.add(new RunReport.TestRecord(name, outcome, reason, took, bench,
                context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, TestSpec.class)),
                recorder == null ? List.of() : List.copyOf(recorder.records())));
    }
}
