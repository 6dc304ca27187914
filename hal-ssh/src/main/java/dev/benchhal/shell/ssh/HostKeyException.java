package dev.benchhal.shell.ssh;

import dev.benchhal.error.HalException;

/**
 * The server's host key is not trusted: unknown (not in known_hosts and not accepted) or changed
 * since it was recorded. The connection is refused before any credential is sent.
 */
public class HostKeyException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the SSH URI
     * @param detail which key, what is recorded, and what to do
     */
    public HostKeyException(String source, String detail) {
        super(source, detail);
    }
}
