package dev.benchhal.tck.shell;

import dev.benchhal.DeviceUri;
import dev.benchhal.shell.Command;
import dev.benchhal.shell.CommandResult;
import dev.benchhal.shell.HostProcess;
import dev.benchhal.shell.HostShell;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link HostShell} that hands every call to another one, for tests that watch or bend a real
 * shell: count round trips, put fake tools first, fail the n-th command. Subclasses override what
 * they change and call {@code super} for the rest.
 */
public class ForwardingHostShell implements HostShell {

    private final HostShell delegate;

    /** @param delegate the shell that does the work; closed with this one */
    public ForwardingHostShell(HostShell delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the shell that does the work */
    protected HostShell delegate() {
        return delegate;
    }

    @Override
    public CommandResult run(Command command) {
        return delegate.run(command);
    }

    @Override
    public HostProcess start(Command command) {
        return delegate.start(command);
    }

    @Override
    public byte[] readFile(String path) {
        return delegate.readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content) {
        delegate.writeFile(path, content);
    }

    @Override
    public void upload(Path local, String remotePath) {
        delegate.upload(local, remotePath);
    }

    @Override
    public void download(String remotePath, Path local) {
        delegate.download(remotePath, local);
    }

    @Override
    public String hostLabel() {
        return delegate.hostLabel();
    }

    @Override
    public DeviceUri uri() {
        return delegate.uri();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
