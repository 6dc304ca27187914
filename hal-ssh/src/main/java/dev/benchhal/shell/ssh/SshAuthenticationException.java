package dev.benchhal.shell.ssh;

import dev.benchhal.error.HalException;

/** The server refused every offered key for the user. */
public class SshAuthenticationException extends HalException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the SSH URI
     * @param detail the user and the keys that were offered
     */
    public SshAuthenticationException(String source, String detail) {
        super(source, detail);
    }
}
