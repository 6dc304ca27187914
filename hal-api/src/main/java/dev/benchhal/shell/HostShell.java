package dev.benchhal.shell;

import dev.benchhal.Device;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;

/**
 * Runs commands and moves files on a host: this machine ({@code local:}) or a lab host over
 * SSH ({@code ssh://user@host}). Commands are argument lists ({@link Command}); there is no
 * method that takes a shell string.
 *
 * <pre>{@code
 * try (HostShell rig = drivers.open("local:", HostShell.class)) {
 *     String kernel = rig.run("uname", "-r").requireSuccess().stdoutText().strip();
 * }
 * }</pre>
 *
 * <p>Thread-safe: many threads may run commands at once. Errors:
 * {@link dev.benchhal.error.HalTimeoutException} when a command exceeds its timeout (the process
 * tree is killed first), {@link NotFoundException} when the program or a file
 * does not exist, {@link dev.benchhal.error.DisconnectedException} when the connection is gone
 * or the shell is closed. A non-zero exit is not an error: check {@link CommandResult#exitCode()}
 * or call {@link CommandResult#requireSuccess()}.
 */
public interface HostShell extends Device {

    /**
     * Runs a command and waits for it to exit.
     *
     * @param command the command
     * @return exit code and bounded output
     */
    CommandResult run(Command command);

    /**
     * Runs a command with the default timeout and bounds.
     *
     * @param argv program and arguments
     * @return exit code and bounded output
     */
    default CommandResult run(String... argv) {
        return run(Command.of(argv));
    }

    /**
     * Starts a command that goes on running while the caller talks to it through its streams, and
     * returns as soon as it runs. Its {@code stdin} bytes are written first; its timeout and output
     * bound do not apply: the caller ends it by closing its stdin, {@link HostProcess#kill()} or
     * {@link HostProcess#close()}. Closing the shell kills what it started. Blocks for the start (on
     * a remote host: a connection of its own and a round trip).
     *
     * @param command the command
     * @return the running process
     * @throws NotFoundException when the program or the working directory does not exist
     * @throws dev.benchhal.error.DisconnectedException when the host cannot be reached or the shell is closed
     */
    HostProcess start(Command command);

    /**
     * Reads a whole file.
     *
     * @param path absolute path on the host
     * @return its bytes
     * @throws NotFoundException when it does not exist
     */
    byte[] readFile(String path);

    /**
     * Reads a whole file as UTF-8 text.
     *
     * @param path absolute path on the host
     * @return its text
     */
    default String readText(String path) {
        return new String(readFile(path), StandardCharsets.UTF_8);
    }

    /**
     * Writes a whole file, replacing it atomically where the file system allows.
     *
     * @param path    absolute path on the host
     * @param content the bytes
     */
    void writeFile(String path, byte[] content);

    /**
     * Copies a local file to the host. The default reads the file into memory and calls
     * {@link #writeFile(String, byte[])}; remote shells stream it.
     *
     * @param local      the local file
     * @param remotePath absolute path on the host
     */
    default void upload(Path local, String remotePath) {
        try {
            writeFile(remotePath, Files.readAllBytes(local));
        } catch (NoSuchFileException e) {
            throw new NotFoundException(local.toString(), "no local file to upload", e);
        } catch (IOException e) {
            throw new HalException(local.toString(), "cannot read for upload: " + e, e);
        }
    }

    /**
     * Copies a file from the host to a local file, replacing it.
     *
     * @param remotePath absolute path on the host
     * @param local      the local file
     */
    default void download(String remotePath, Path local) {
        byte[] content = readFile(remotePath);
        try {
            Files.write(local, content);
        } catch (IOException e) {
            throw new HalException(local.toString(), "cannot write download: " + e, e);
        }
    }

    /** @return a name for the host in logs: {@code local} or {@code user@host:port} */
    String hostLabel();
}
