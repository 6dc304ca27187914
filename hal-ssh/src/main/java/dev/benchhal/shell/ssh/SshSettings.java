package dev.benchhal.shell.ssh;

import dev.benchhal.DeviceUri;
import dev.benchhal.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything needed to reach one SSH host, parsed and validated from the URI and options.
 *
 * @param uri                      the URI, for messages
 * @param user                     the login user, if given (else ssh config or the local user name)
 * @param host                     host name, address or ssh-config alias
 * @param port                     the port, if given (else ssh config or 22)
 * @param identities               private key files to offer, in order
 * @param passphrase               the passphrase of encrypted keys, if any
 * @param knownHosts               the known_hosts file host keys are checked against
 * @param acceptNewHostKey         trust an unknown host key on first use (logged), never a changed one
 * @param sshConfig                an OpenSSH client config for host aliases, if any
 * @param connectTimeout           limit for TCP connect plus handshake
 * @param keepAlive                interval of keep-alive messages; zero disables them
 * @param maxConnections           connections kept to the host at most
 * @param maxSessionsPerConnection channels per connection at most (OpenSSH allows 10 by default)
 */
public record SshSettings(DeviceUri uri, Optional<String> user, String host, OptionalInt port, List<Path> identities,
                          Optional<Secret> passphrase, Path knownHosts, boolean acceptNewHostKey, Optional<Path> sshConfig,
                          Duration connectTimeout, Duration keepAlive, int maxConnections, int maxSessionsPerConnection) {

    /**
     * Freezes the list and checks the bounds.
     *
     * @param uri                      the URI, for messages
     * @param user                     the login user, if given (else ssh config or the local user name)
     * @param host                     host name, address or ssh-config alias
     * @param port                     the port, if given (else ssh config or 22)
     * @param identities               private key files to offer, in order
     * @param passphrase               the passphrase of encrypted keys, if any
     * @param knownHosts               the known_hosts file host keys are checked against
     * @param acceptNewHostKey         trust an unknown host key on first use (logged), never a changed one
     * @param sshConfig                an OpenSSH client config for host aliases, if any
     * @param connectTimeout           limit for TCP connect plus handshake
     * @param keepAlive                interval of keep-alive messages; zero disables them
     * @param maxConnections           connections kept to the host at most
     * @param maxSessionsPerConnection channels per connection at most (OpenSSH allows 10 by default)
     */
    public SshSettings {
        identities = List.copyOf(identities);
        if (maxConnections < 1 || maxSessionsPerConnection < 1) {
            throw new IllegalArgumentException("maxConnections and maxSessionsPerConnection must be at least 1");
        }
    }

    /** @return {@code user@host:port} as far as known, for logs */
    public String label() {
        return user.map(u -> u + "@").orElse("") + host + port.stream().mapToObj(p -> ":" + p).findFirst().orElse("");
    }
}
