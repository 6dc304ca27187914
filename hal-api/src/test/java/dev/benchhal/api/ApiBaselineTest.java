package dev.benchhal.api;

import dev.benchhal.Device;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API of hal-api, as text checked in beside the module ({@code api/hal-api.txt}): every
 * public type of every exported package with its public and protected members. A change to the
 * API shows as a diff of that file in the change that makes it, never by accident. To accept a
 * deliberate change: {@code ./mvnw -pl hal-api test -Dtest=ApiBaselineTest -Dbenchhal.acceptApi=true}
 * and commit the file.
 */
class ApiBaselineTest {

    private static final Path BASELINE = Path.of("api/hal-api.txt");

    @Test
    void thePublicApiIsTheCheckedInBaseline() throws Exception {
        String current = String.join("\n", describe()) + "\n";
        if (Boolean.getBoolean("benchhal.acceptApi")) {
            Files.createDirectories(BASELINE.getParent());
            Files.writeString(BASELINE, current, StandardCharsets.UTF_8);
        }
        assertThat(BASELINE).as("the API baseline; create it with -Dbenchhal.acceptApi=true").exists();
        List<String> baseline = Files.readAllLines(BASELINE, StandardCharsets.UTF_8);
        List<String> now = current.lines().toList();
        List<String> removed = baseline.stream().filter(l -> !now.contains(l)).toList();
        List<String> added = now.stream().filter(l -> !baseline.contains(l)).toList();
        assertThat(removed).as("API removed or changed since the baseline (accept with -Dbenchhal.acceptApi=true "
                + "and commit api/hal-api.txt)").isEmpty();
        assertThat(added).as("API added since the baseline (accept with -Dbenchhal.acceptApi=true and commit "
                + "api/hal-api.txt)").isEmpty();
    }

    /** The module every driver and test project depends on brings nothing but SLF4J at run time. */
    @Test
    void theOnlyRuntimeDependencyIsSlf4j() throws Exception {
        Path classes = Path.of(Device.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (var in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.requires().stream().filter(r -> !r.name().equals("java.base")
                        && !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .map(ModuleDescriptor.Requires::name)).as("modules hal-api needs at run time").containsExactly("org.slf4j");
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> runtime = new ArrayList<>();
        java.util.regex.Matcher dependency = java.util.regex.Pattern.compile("<dependency>(.*?)</dependency>",
                java.util.regex.Pattern.DOTALL).matcher(pom.substring(pom.indexOf("<dependencies>")));
        while (dependency.find()) {
            String d = dependency.group(1);
            boolean scoped = d.contains("<scope>test</scope>") || d.contains("<scope>provided</scope>");
            if (!scoped && !d.contains("<optional>true</optional>")) {
                runtime.add(d.replaceAll("(?s).*<artifactId>([^<]+)</artifactId>.*", "$1"));
            }
        }
        assertThat(runtime).as("dependencies of hal-api's POM that users get").containsExactly("slf4j-api");
    }

    /** @return one sorted line per public type and member of the exported packages */
    static List<String> describe() throws Exception {
        Path classes = Path.of(Device.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (var in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        TreeSet<String> lines = new TreeSet<>();
        lines.add("module " + module.name() + " requires " + module.requires().stream()
                .filter(r -> !r.name().equals("java.base"))
                .map(r -> (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) ? "static " : "") + r.name())
                .sorted().toList());
        for (String className : classNames(classes)) {
            String pkg = className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
            if (!exported.contains(pkg)) {
                continue;
            }
            Class<?> c = Class.forName(className, false, ApiBaselineTest.class.getClassLoader());
            if (!isVisible(c)) {
                continue;
            }
            String type = c.getName();
            lines.add(type + " : " + Modifier.toString(c.getModifiers() & ~Modifier.SYNCHRONIZED)
                    + (c.isInterface() ? "" : c.isEnum() ? " enum" : c.isRecord() ? " record" : " class")
                    + (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()
                    ? " extends " + c.getGenericSuperclass().getTypeName() : "")
                    + (c.getGenericInterfaces().length == 0 ? "" : " implements " + Stream.of(c.getGenericInterfaces())
                    .map(java.lang.reflect.Type::getTypeName).sorted().collect(Collectors.joining(", "))));
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add(type + " : " + f.toGenericString() + (nullable(f.getAnnotatedType()) ? " @Nullable" : ""));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    lines.add(type + " : " + k.toGenericString() + nullness(k));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(type + " : " + m.toGenericString() + nullness(m));
                }
            }
        }
        return new ArrayList<>(lines);
    }

    /** @return which parameters, and whether the result, may be null: a change of either is an API change */
    private static String nullness(java.lang.reflect.Executable e) {
        List<String> marked = new ArrayList<>();
        java.lang.reflect.AnnotatedType[] parameters = e.getAnnotatedParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (nullable(parameters[i])) {
                marked.add("parameter " + i);
            }
        }
        if (e instanceof Method && nullable(((Method) e).getAnnotatedReturnType())) {
            marked.add("result");
        }
        return marked.isEmpty() ? "" : " @Nullable " + marked;
    }

    private static boolean nullable(java.lang.reflect.AnnotatedType type) {
        return type.isAnnotationPresent(Nullable.class);
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!visible(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<String> classNames(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(p -> classes.relativize(p).toString())
                    .filter(p -> p.endsWith(".class") && !p.equals("module-info.class") && !p.endsWith("package-info.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }
}
