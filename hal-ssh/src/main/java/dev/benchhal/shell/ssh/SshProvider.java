package dev.benchhal.shell.ssh;

import dev.benchhal.DeviceUri;
import dev.benchhal.error.ConfigException;
import dev.benchhal.shell.HostShell;
import dev.benchhal.spi.DeviceSpec;
import dev.benchhal.spi.DriverContext;
import dev.benchhal.spi.BasicDriverProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scheme {@code ssh}: {@code ssh://USER@HOST:PORT?identity=...&knownHosts=...}. Options:
 * {@code identity} (comma-separated key files; default the usual {@code ~/.ssh/id_*}),
 * {@code passphraseEnv}/{@code passphraseFile}, {@code knownHosts} (default {@code ~/.ssh/known_hosts}),
 * {@code acceptNewHostKey} (default false), {@code sshConfig} (default {@code ~/.ssh/config} when present),
 * {@code connectTimeout} (10s), {@code keepAlive} (15s), {@code maxConnections} (4),
 * {@code maxSessionsPerConnection} (8), {@code lazy} (default false: connect at open),
 * {@code persistent} (default false: a channel per command; true: commands through one remote helper
 * on a connection of its own, about one round trip each, falling back to a channel each, with a
 * warning, when the host lacks the helper's Python) and {@code python} (python3: the helper's Python).
 */
public final class SshProvider extends BasicDriverProvider<HostShell> {

    private static final Set<String> OPTIONS = Set.of("identity", "knownHosts", "acceptNewHostKey", "sshConfig",
            "connectTimeout", "keepAlive", "maxConnections", "maxSessionsPerConnection", "lazy", "persistent", "python");

    /**
     * The syntax of a host and a user, compiled when a URI is first checked: every registry loads every provider, and
     * the first regular expression of a process costs milliseconds of lambda set-up ({@code benchhal drivers}).
     */
    private static final class Syntax {
        static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
        static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");
    }

    /** Called by {@link java.util.ServiceLoader}. */
    public SshProvider() {
        super("ssh", HostShell.class, API_VERSION,
                "commands and files on a host over SSH (pooled, host key verified)");
    }

    @Override
    public HostShell open(DeviceSpec spec, DriverContext context) {
        SshSettings settings = settings(spec, context);
        String python = spec.option("python").orElse("python3");
        if (python.isBlank() || python.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(settings.uri().toString(), "option python=\"" + python
                    + "\": a program name or path without spaces");
        }
        SshHostShell shell = new SshHostShell(settings, spec.booleanOption("persistent", false) ? python : null);
        if (!spec.booleanOption("lazy", false)) {
            try {
                shell.verifyReachable();
            } catch (RuntimeException e) {
                shell.close();
                throw e;
            }
        }
        log().info("{}: SSH shell ready", settings.label());
        return shell;
    }

    static SshSettings settings(DeviceSpec spec, DriverContext context) {
        DeviceUri uri = spec.uri();
        String source = uri.toString();
        spec.requireKnownOptions(OPTIONS);
        if (!uri.target().startsWith("//")) {
            throw new ConfigException(source, "expected ssh://[USER@]HOST[:PORT]");
        }
        String host = uri.host().orElseThrow(() -> new ConfigException(source, "no host in the URI"));
        if (!Syntax.HOST.matcher(host).matches()) {
            throw new ConfigException(source, "host \"" + host + "\" is not a host name, address or alias");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        uri.user().ifPresent(u -> {
            if (!Syntax.USER.matcher(u).matches()) {
                throw new ConfigException(source, "user \"" + u + "\" is not a valid login name");
            }
        });
        if (!uri.path().isEmpty() && !uri.path().equals("/")) {
            throw new ConfigException(source, "an ssh URI has no path, got \"" + uri.path() + "\"");
        }
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> identities = new ArrayList<>();
        Optional<String> given = spec.option("identity");
        if (given.isPresent()) {
            for (String p : given.get().split(",", -1)) {
                if (!p.isBlank()) {
                    identities.add(context.resolve(expandHome(p.trim(), home)));
                }
            }
        } else {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path p = home.resolve(".ssh").resolve(name);
                if (Files.isRegularFile(p)) {
                    identities.add(p);
                }
            }
        }
        Path knownHosts = context.resolve(expandHome(spec.option("knownHosts").orElse("~/.ssh/known_hosts"), home));
        Optional<Path> sshConfig = spec.option("sshConfig").map(p -> context.resolve(expandHome(p, home)));
        if (sshConfig.isEmpty() && Files.isRegularFile(home.resolve(".ssh/config"))) {
            sshConfig = Optional.of(home.resolve(".ssh/config"));
        }
        int maxConnections = spec.intOption("maxConnections", 4);
        int maxSessions = spec.intOption("maxSessionsPerConnection", 8);
        if (maxConnections < 1 || maxSessions < 1 || maxSessions > 64) {
            throw new ConfigException(source, "maxConnections must be >= 1 and maxSessionsPerConnection 1..64");
        }
        return new SshSettings(uri, uri.user(), host,
                uri.port().isPresent() ? OptionalInt.of(uri.port().getAsInt()) : OptionalInt.empty(),
                identities, context.secret(spec, "passphrase"), knownHosts, spec.booleanOption("acceptNewHostKey", false),
                sshConfig, spec.durationOption("connectTimeout", Duration.ofSeconds(10)),
                spec.durationOption("keepAlive", Duration.ofSeconds(15)), maxConnections, maxSessions);
    }

    private static String expandHome(String p, Path home) {
        return p.startsWith("~/") ? home.resolve(p.substring(2)).toString() : p;
    }
}
