package dev.benchhal.lab;

import dev.benchhal.core.bench.ConfigFile;
import dev.benchhal.core.bench.ConfigFile.Node;
import dev.benchhal.error.ConfigException;
import dev.benchhal.lab.lease.FileLeaseStore;
import dev.benchhal.lab.lease.LeaseStore;
import dev.benchhal.lab.lease.PostgresLeaseStore;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A lab described in a file (YAML, or JSON by extension): its boards, where leases live, the specs with their test
 * commands, and how firmware is built. Every error names the file, the line and the key.
 *
 * <pre>
 * version: 1
 * results: results                  # where run directories go (relative to this file); default results
 * policy: critical-work-first       # or priority (the seed's rule)
 * leases:
 *   directory: leases               # one host: OS file locks in this directory (the default)
 *   # database: jdbc:postgresql://db.lab:5432/lab   # many hosts: the lab's PostgreSQL
 *   # user: lab
 *   # passwordEnv: LAB_DB_PASSWORD  # or passwordFile: /etc/benchhal/lab-db.pw; never the password itself
 *   time: 60s                       # a dead scheduler's boards come back after this at worst
 * boards:
 *   - { id: 5f2c, type: RPI_PICO_W, capabilities: [wlan] }
 *   - { id: 1831, type: RPI_PICO_W, capabilities: [wlan] }
 * discover:                         # boards plugged into this machine (UsbBoards): found when the file is read,
 *   usb:                            # and while the lab runs, as they are plugged in and out
 *     - { vendor: 2e8a, product: "0005", type: RPI_PICO_W, capabilities: [wlan], serialDigits: 4 }
 *   usbDevices: /sys/bus/usb/devices          # the default
 *   every: 5s                       # how often the buses are looked at while the lab runs (the default); 0s: never
 * firmware:                         # only when a spec flashes
 *   command: [make, -C, ports, firmware]   # gets BENCHHAL_FIRMWARE_TYPE, _VARIANT and _OUTPUT (the image to write)
 *   parallel: 2
 * prepare: [./power-and-flash.sh]   # once per board before each run (see preparation()); optional
 * specs:
 *   - name: RUN-TESTS_EXTMOD_HARDWARE
 *     priority: 50
 *     needs: [{ role: board, types: [RPI_PICO_W], capabilities: [] }]
 *     coverage: each-board-type     # each-board, once
 *     repeat: 1
 *     firmware: ""                  # the variant to flash; leave out to flash nothing
 *     expected: 4m                  # how long a run takes, for the policy and simulations
 *     timeLimit: 20m
 *     command: [python3, run-tests.py, --extmod]   # a process per run (see LabTest.command)
 * </pre>
 *
 * @param source      the file, for messages
 * @param results     the results directory
 * @param policy      the policy
 * @param leases      where leases live
 * @param boards      the boards
 * @param specs       the specs
 * @param firmware    how firmware is built, or {@code null} when no spec flashes
 * @param prepare     the command that readies each board before a run, empty for none
 * @param discovery   how boards are found on the USB buses, or {@code null} when the file lists them all
 */
public record LabFile(String source, Path results, Policy policy, Leases leases, List<Board> boards, List<TestRunSpec> specs,
                      @Nullable FirmwareBuild firmware, List<String> prepare, @Nullable Discovery discovery) {

    /**
     * How the lab finds its boards on this machine's USB buses.
     *
     * @param devices the USB devices directory ({@link UsbBoards#SYSFS} unless the file says otherwise)
     * @param rules   which devices are boards
     * @param every   how often the buses are looked at while the lab runs; zero for only when the file is read
     * @param found   every board the rules found when the file was read (also those the file lists)
     */
    public record Discovery(Path devices, List<UsbBoards.Rule> rules, Duration every, List<Board> found) {
        /**
         * Copies the rules.
         *
         * @param devices the USB devices directory ({@link UsbBoards#SYSFS} unless the file says otherwise)
         * @param rules   which devices are boards
         * @param every   how often the buses are looked at while the lab runs; zero for only when the file is read
         * @param found   every board the rules found when the file was read (also those the file lists)
         */
        public Discovery {
            rules = List.copyOf(rules);
            found = List.copyOf(found);
        }

        /**
         * Watches the buses while a lab runs, if {@link #every} is not zero, from the boards {@link #found}.
         *
         * @param listener told of boards plugged in and unplugged, as the rules describe them
         * @return the watch to close when the lab ends; empty when the file turned watching off
         */
        public Optional<UsbBoards.Watch> watch(UsbBoards.Listener listener) {
            return every.isZero() ? Optional.empty() : Optional.of(UsbBoards.watch(devices, rules, every, found, listener));
        }
    }

    private static Discovery discovery(Node discover) {
        Map<String, Node> d = discover.map(DISCOVER);
        List<UsbBoards.Rule> rules = new ArrayList<>();
        for (Node r : discover.required(d, "usb").list()) {
            Map<String, Node> m = r.map(USB_RULE);
            try {
                long digits = Node.optional(m, "serialDigits").map(Node::integer).orElse(0L);
                rules.add(new UsbBoards.Rule(r.required(m, "vendor").text(), Node.optional(m, "product").map(Node::text),
                        r.required(m, "type").text(), Set.copyOf(Node.optional(m, "capabilities").map(Node::texts).orElse(List.of())),
                        (int) Math.min(digits, 64)));
                new Board("probe", r.required(m, "type").text(), Set.of());    // the type is a valid name
            } catch (IllegalArgumentException e) {
                throw r.error(e.getMessage() + " (quote ids that start with 0: product: \"0005\")");
            }
        }
        Path devices = Node.optional(d, "usbDevices").map(n -> n.path(false)).orElse(UsbBoards.SYSFS);
        Duration every = Node.optional(d, "every").map(Node::duration).orElse(Duration.ofSeconds(5));
        if (!every.isZero() && every.compareTo(Duration.ofMillis(10)) < 0) {
            throw d.get("every").error("expected 0s (never) or at least 10ms between looks at the USB buses, got " + every);
        }
        return new Discovery(devices, rules, every, UsbBoards.discover(devices, rules));
    }

    private static final Set<String> TOP = Set.of("version", "results", "policy", "leases", "boards", "discover", "firmware",
            "prepare", "specs");
    private static final Set<String> DISCOVER = Set.of("usb", "usbDevices", "every");
    private static final Set<String> USB_RULE = Set.of("vendor", "product", "type", "capabilities", "serialDigits");
    private static final Set<String> LEASES = Set.of("directory", "database", "user", "passwordEnv", "passwordFile", "password", "time");
    private static final Set<String> BOARD = Set.of("id", "type", "capabilities");
    private static final Set<String> FIRMWARE = Set.of("command", "parallel");
    private static final Set<String> SPEC = Set.of("name", "priority", "needs", "coverage", "repeat", "firmware", "expected",
            "timeLimit", "command");
    private static final Set<String> NEED = Set.of("role", "types", "capabilities");

    /**
     * Copies the lists.
     *
     * @param source      the file, for messages
     * @param results     the results directory
     * @param policy      the policy
     * @param leases      where leases live
     * @param boards      the boards
     * @param specs       the specs
     * @param firmware    how firmware is built, or {@code null} when no spec flashes
     * @param prepare     the command that readies each board before a run, empty for none
     * @param discovery   how boards are found on the USB buses, or {@code null} when the file lists them all
     */
    public LabFile {
        boards = List.copyOf(boards);
        specs = List.copyOf(specs);
        prepare = List.copyOf(prepare);
    }

    /**
     * How each board is readied before a run: the lab file's {@code prepare} command, run once per board in the run's
     * directory with {@code BENCHHAL_BOARD}, {@code BENCHHAL_BOARD_TYPE}, {@code BENCHHAL_FIRMWARE} (the image to flash,
     * when the spec flashes) and {@code BENCHHAL_LEASE_TOKEN} in its environment, its output in {@code run.log}; the
     * lease is checked before it runs. Nothing when the file has no {@code prepare}.
     *
     * @return the preparation
     */
    public BoardPreparation preparation() {
        if (prepare.isEmpty()) {
            return BoardPreparation.none();
        }
        return (context, board, firmware) -> {
            context.checkLease(board);
            ProcessBuilder pb = new ProcessBuilder(prepare).directory(context.directory().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(context.directory().resolve("run.log").toFile()));
            pb.environment().put("BENCHHAL_BOARD", board.id());
            pb.environment().put("BENCHHAL_BOARD_TYPE", board.type());
            pb.environment().put("BENCHHAL_LEASE_TOKEN", Long.toString(context.leaseToken()));
            firmware.ifPresent(f -> pb.environment().put("BENCHHAL_FIRMWARE", f.image() == null ? f.label() : f.image().toString()));
            context.log().println("$ " + String.join(" ", prepare) + "   (board " + board.id() + ")");
            Process p = pb.start();
            try {
                int exit = p.waitFor();
                if (exit != 0) {
                    throw new IOException("preparing board " + board.id() + ": " + prepare.get(0) + " exited with " + exit + " (see run.log)");
                }
            } catch (InterruptedException e) {
                dev.benchhal.core.util.ProcessTrees.kill(p);
                throw e;
            }
        };
    }

    /**
     * Where a lab's leases live.
     *
     * @param directory    the lease directory (one host), or {@code null} for a database
     * @param database     the JDBC URL (many hosts), or {@code null}
     * @param user         the database user, or {@code null}
     * @param passwordEnv  the environment variable with the password, or {@code null}
     * @param passwordFile the file with the password, or {@code null}
     * @param time         how long a lease lasts unless renewed
     */
    public record Leases(@Nullable Path directory, @Nullable String database, @Nullable String user, @Nullable String passwordEnv,
                         @Nullable Path passwordFile, Duration time) {

        /**
         * Opens the store as a new holder.
         *
         * @return the store; close it when done
         * @throws ConfigException when the password's variable or file is missing
         */
        public LeaseStore open() {
            if (database == null) {
                return FileLeaseStore.open(java.util.Objects.requireNonNull(directory));
            }
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (passwordEnv != null) {
                String password = System.getenv(passwordEnv);
                if (password == null) {
                    throw new ConfigException("lab leases", "the environment variable " + passwordEnv + " (passwordEnv) is not set");
                }
                p.setProperty("password", password);
            } else if (passwordFile != null) {
                try {
                    p.setProperty("password", Files.readString(passwordFile).strip());
                } catch (IOException e) {
                    throw new ConfigException(passwordFile.toString(), "cannot read the lease database's password file: " + e.getMessage(), e);
                }
            }
            return PostgresLeaseStore.connect(database, p);
        }

        /** @return where the leases are, for messages: the directory or the database URL (never a password) */
        public String describe() {
            return database != null ? database.replaceAll("(?i)(password=)[^&;]*", "$1***") : String.valueOf(directory);
        }
    }

    /**
     * How firmware is built: a command per board type and variant.
     *
     * @param command  the program and arguments; it gets {@code BENCHHAL_FIRMWARE_TYPE}, {@code BENCHHAL_FIRMWARE_VARIANT}
     *                 and {@code BENCHHAL_FIRMWARE_OUTPUT} (where to write the image) and exits 0 when built
     * @param parallel builds at once
     */
    public record FirmwareBuild(List<String> command, int parallel) {

        /**
         * @param output the directory for images and build logs
         * @return a builder running the command
         */
        public FirmwareBuilder builder(Path output) {
            return (type, variant) -> {
                Firmware wanted = new Firmware(type, variant, null);
                Files.createDirectories(output);
                Path image = output.resolve(wanted.label() + ".img");
                Path log = output.resolve(wanted.label() + ".log");
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
                pb.environment().put("BENCHHAL_FIRMWARE_TYPE", type);
                pb.environment().put("BENCHHAL_FIRMWARE_VARIANT", variant);
                pb.environment().put("BENCHHAL_FIRMWARE_OUTPUT", image.toString());
                Process p = pb.start();
                try {
                    int exit = p.waitFor();
                    if (exit != 0) {
                        throw new IOException(command.get(0) + " exited with " + exit + " (see " + log + ")");
                    }
                } catch (InterruptedException e) {
                    dev.benchhal.core.util.ProcessTrees.kill(p);
                    throw e;
                }
                if (!Files.exists(image)) {
                    throw new IOException(command.get(0) + " exited with 0 but wrote no image to " + image);
                }
                return new Firmware(type, variant, image);
            };
        }
    }

    /**
     * Reads a lab file.
     *
     * @param file the file
     * @return the lab
     * @throws dev.benchhal.error.NotFoundException when it does not exist
     * @throws ConfigException naming file, line and key for anything wrong in it
     */
    public static LabFile load(Path file) {
        ConfigFile config = ConfigFile.load(file, "lab file");
        Map<String, Node> top = config.root().map(TOP);
        Node.optional(top, "version").ifPresent(v -> {
            if (!v.text().equals("1")) {
                throw v.error("lab file version " + v.text() + " is not supported; this library reads version 1");
            }
        });
        Path results = Node.optional(top, "results").map(n -> n.path(false)).orElse(config.directory().resolve("results"));
        Policy policy = Node.optional(top, "policy").map(LabFile::policy).orElse(Policy.criticalWorkFirst());
        Leases leases = Node.optional(top, "leases").map(n -> leases(n, config))
                .orElse(new Leases(config.directory().resolve("leases"), null, null, null, null, Duration.ofSeconds(60)));
        List<Board> boards = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (!top.containsKey("boards") && !top.containsKey("discover")) {
            throw config.root().error("missing key \"boards\" (or \"discover\", to find them on the USB buses)");
        }
        for (Node b : Node.optional(top, "boards").map(Node::list).orElse(List.of())) {
            Map<String, Node> m = b.map(BOARD);
            Board board;
            try {
                board = new Board(b.required(m, "id").text(), b.required(m, "type").text(),
                        Set.copyOf(Node.optional(m, "capabilities").map(Node::texts).orElse(List.of())));
            } catch (IllegalArgumentException e) {
                throw b.error(e.getMessage());
            }
            if (!ids.add(board.id())) {
                throw b.error("board " + board.id() + " is listed twice");
            }
            boards.add(board);
        }
        Discovery discovery = Node.optional(top, "discover").map(LabFile::discovery).orElse(null);
        if (discovery != null) {
            for (Board found : discovery.found()) {
                if (ids.add(found.id())) {
                    boards.add(found);     // a board the file lists is described by the file
                }
            }
        }
        FirmwareBuild firmware = Node.optional(top, "firmware").map(n -> {
            Map<String, Node> m = n.map(FIRMWARE);
            List<String> command = n.required(m, "command").texts();
            if (command.isEmpty()) {
                throw n.error("firmware.command needs at least the program");
            }
            long parallel = Node.optional(m, "parallel").map(Node::integer).orElse(2L);
            if (parallel < 1 || parallel > 64) {
                throw m.get("parallel").error("expected 1 to 64 builds at once, got " + parallel);
            }
            return new FirmwareBuild(command, (int) parallel);
        }).orElse(null);
        List<String> prepare = Node.optional(top, "prepare").map(Node::texts).orElse(List.of());
        List<TestRunSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node s : config.root().required(top, "specs").list()) {
            TestRunSpec spec = spec(s);
            if (!names.add(spec.name())) {
                throw s.error("spec " + spec.name() + " is listed twice");
            }
            if (spec.firmwareVariant().isPresent() && firmware == null) {
                throw s.error("spec " + spec.name() + " flashes firmware, but the lab file has no firmware.command to build it");
            }
            specs.add(spec);
        }
        return new LabFile(config.name(), results, policy, leases, boards, specs, firmware, prepare, discovery);
    }

    private static Policy policy(Node n) {
        return switch (n.text()) {
            case "priority" -> Policy.priority();
            case "critical-work-first" -> Policy.criticalWorkFirst();
            default -> throw n.error("expected one of [critical-work-first, priority], got \"" + n.text() + "\"");
        };
    }

    private static Leases leases(Node n, ConfigFile config) {
        Map<String, Node> m = n.map(LEASES);
        if (m.containsKey("password")) {
            throw m.get("password").error("a password is never written in the lab file: use passwordEnv (an environment "
                    + "variable's name) or passwordFile");
        }
        Duration time = Node.optional(m, "time").map(Node::duration).orElse(Duration.ofSeconds(60));
        if (time.compareTo(Duration.ofSeconds(1)) < 0) {
            throw m.get("time").error("a lease lasts at least 1s, got " + m.get("time").text());
        }
        String database = Node.optional(m, "database").map(Node::text).orElse(null);
        if (database != null && m.containsKey("directory")) {
            throw n.error("leases: give a directory (one host) or a database (many hosts), not both");
        }
        if (database != null && !database.startsWith("jdbc:postgresql:")) {
            throw m.get("database").error("expected a jdbc:postgresql: URL");
        }
        return new Leases(database != null ? null : Node.optional(m, "directory").map(d -> d.path(false)).orElse(config.directory().resolve("leases")),
                database, Node.optional(m, "user").map(Node::text).orElse(null),
                Node.optional(m, "passwordEnv").map(Node::text).orElse(null),
                Node.optional(m, "passwordFile").map(f -> f.path(true)).orElse(null), time);
    }

    private static TestRunSpec spec(Node s) {
        Map<String, Node> m = s.map(SPEC);
        try {
            TestRunSpec.Builder b = TestRunSpec.named(s.required(m, "name").text());
            Node.optional(m, "priority").ifPresent(p -> b.priority((int) p.integer()));
            for (Node need : s.required(m, "needs").list()) {
                Map<String, Node> nm = need.map(NEED);
                b.needs(new BoardNeed(need.required(nm, "role").text(),
                        Set.copyOf(Node.optional(nm, "types").map(Node::texts).orElse(List.of())),
                        Set.copyOf(Node.optional(nm, "capabilities").map(Node::texts).orElse(List.of()))));
            }
            Node.optional(m, "coverage").ifPresent(c -> b.coverage(c.choice(Coverage.values())));
            Node.optional(m, "repeat").ifPresent(r -> b.repeat((int) r.integer()));
            if (m.containsKey("firmware")) {
                Node f = m.get("firmware");
                b.firmware(f.isNull() ? "" : f.text());
            }
            Node.optional(m, "expected").ifPresent(e -> b.expectedDuration(e.duration()));
            Node.optional(m, "timeLimit").ifPresent(t -> b.timeLimit(t.duration()));
            List<String> command = s.required(m, "command").texts();
            if (command.isEmpty()) {
                throw m.get("command").error("a test command needs at least the program");
            }
            return b.test(LabTest.command(command)).build();
        } catch (IllegalArgumentException e) {
            throw s.error(e.getMessage());
        }
    }
}
