package dev.benchhal.cli;

import dev.benchhal.spi.DriverRegistry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line in-process, as the launcher would, and captures what it prints. */
final class CliRun {

    /**
     * @param code exit code
     * @param out  standard output
     * @param err  standard error
     */
    record Result(int code, String out, String err) {
    }

    private CliRun() {
    }

    static Result run(Path workingDirectory, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BenchHalCli cli = new BenchHalCli(DriverRegistry.load(), environment, workingDirectory);
        int code = BenchHalCli.run(cli, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(Path workingDirectory, String... args) {
        return run(workingDirectory, Map.of(), args);
    }
}
