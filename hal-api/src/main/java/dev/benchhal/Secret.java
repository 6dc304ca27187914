package dev.benchhal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password, passphrase or token, read from the environment or a file the bench file names.
 * {@link #toString()} never shows the value, so a secret that reaches a log by mistake shows as
 * {@code Secret[passphrase from env SSH_KEY_PASS]}.
 */
public final class Secret {

    private final String name;
    private final String origin;
    private final char[] value;

    /**
     * @param name   what the secret is ("passphrase")
     * @param origin where it came from, for diagnostics ("env SSH_KEY_PASS", "file /etc/x")
     * @param value  the secret characters; copied
     */
    public Secret(String name, String origin, char[] value) {
        this.name = name;
        this.origin = origin;
        this.value = value.clone();
    }

    /** @return a copy of the secret characters; clear it after use */
    public char[] chars() {
        return value.clone();
    }

    /** @return the secret as UTF-8 bytes; clear them after use */
    public byte[] utf8() {
        return new String(value).getBytes(StandardCharsets.UTF_8);
    }

    /** @return what the secret is, e.g. {@code passphrase} */
    public String name() {
        return name;
    }

    /** @return where it came from, never the value */
    public String origin() {
        return origin;
    }

    /** Overwrites the held characters; the secret is empty afterwards. */
    public void clear() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "Secret[" + name + " from " + origin + "]";
    }
}
