package dev.benchhal;

import dev.benchhal.error.ConfigException;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A device URI, JDBC-style: {@code SCHEME:TARGET[?key=value&...]}. The scheme picks the driver;
 * the target and parameters are the driver's to read.
 *
 * <pre>
 * lin-mock:?ldf=alm.ldf            mum://192.168.7.2/lin0?baud=19200
 * owon:serial:///dev/ttyUSB0       owon:sim:SPE6103
 * pcie:ssh://root@rig              libvirt:qemu:///system
 * ssh://admin@10.0.0.5:22          local:
 * </pre>
 *
 * <p>Unlike {@link java.net.URI} it accepts an empty target ({@code local:}) and nested schemes
 * ({@code owon:serial:///dev/ttyUSB0}: see {@link #nested()}). Parameter values are
 * percent-decoded. Secrets never belong in a URI: a password in the user-info part is rejected,
 * and {@link #toString()} redacts the values of secret-looking parameters anyway.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeviceUri {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final Set<String> SECRET_WORDS = Set.of("password", "passphrase", "secret", "token", "pass", "pwd",
            "passwd");
    /** User info with a password in the authority of this URI or of one nested in it ({@code libvirt:qemu+tcp://u:p@h/}). */
    private static final Pattern NESTED_PASSWORD = Pattern.compile("//[^/@?#]*:[^/@?#]*@");

    private final String text;
    private final String scheme;
    private final String target;
    private final @Nullable String query;
    private final Map<String, String> parameters;
    private final @Nullable String userInfo;
    private final @Nullable String host;
    private final int port;
    private final String path;

    private DeviceUri(String text, String scheme, String target, @Nullable String query, Map<String, String> parameters) {
        this.text = text;
        this.scheme = scheme;
        this.target = target;
        this.query = query;
        this.parameters = parameters;
        if (target.startsWith("//")) {
            int slash = target.indexOf('/', 2);
            String authority = slash < 0 ? target.substring(2) : target.substring(2, slash);
            this.path = slash < 0 ? "" : target.substring(slash);
            int at = authority.lastIndexOf('@');
            this.userInfo = at < 0 ? null : authority.substring(0, at);
            if (userInfo != null && userInfo.contains(":")) {
                throw new ConfigException(redact(text), "a password in a URI is not accepted; "
                        + "give it through the environment or a file the bench file names");
            }
            String hostPort = at < 0 ? authority : authority.substring(at + 1);
            int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
            if (colon >= 0) {
                this.host = hostPort.substring(0, colon);
                String portText = hostPort.substring(colon + 1);
                try {
                    this.port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    throw new ConfigException(text, "port \"" + portText + "\" is not a number");
                }
                if (port < 1 || port > 65535) {
                    throw new ConfigException(text, "port " + port + " is outside 1..65535");
                }
            } else {
                this.host = hostPort;
                this.port = -1;
            }
        } else {
            if (NESTED_PASSWORD.matcher(target).find()) {
                throw new ConfigException(redact(text), "a password in a URI is not accepted, also not in a URI inside "
                        + "it; give it through the environment or a file the bench file names");
            }
            this.userInfo = null;
            this.host = null;
            this.port = -1;
            this.path = target;
        }
    }

    /**
     * Parses a device URI.
     *
     * @param text the URI text
     * @return the parsed URI
     * @throws ConfigException naming the text when it has no valid scheme, contains white space or
     *         control characters, has a malformed or repeated parameter, or carries a password
     */
    public static DeviceUri parse(String text) {
        Objects.requireNonNull(text, "uri");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new ConfigException(redact(text), "a device URI has no white space or control characters (at index " + i + ")");
            }
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(redact(text), "not a device URI: expected SCHEME:TARGET such as owon:sim:SPE6103 or local:");
        }
        String scheme = text.substring(0, colon);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new ConfigException(redact(text), "scheme \"" + scheme + "\" must be lower case letters, digits, '+', '-' or '.', starting with a letter");
        }
        String rest = text.substring(colon + 1);
        int q = rest.indexOf('?');
        String target = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        return new DeviceUri(text, scheme, target, query, parseQuery(text, query));
    }

    private static Map<String, String> parseQuery(String text, @Nullable String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(text, eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(text, pair.substring(eq + 1));
            if (key.isEmpty()) {
                throw new ConfigException(redact(text), "parameter \"" + pair + "\" has no name");
            }
            if (params.put(key, value) != null) {
                throw new ConfigException(redact(text), "parameter \"" + key + "\" is given twice");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String text, String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new ConfigException(redact(text), "incomplete percent escape in \"" + s + "\"");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new ConfigException(redact(text), "bad percent escape \"" + s.substring(i, i + 3) + "\"");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** @return the scheme that picks the driver, e.g. {@code owon} */
    public String scheme() {
        return scheme;
    }

    /** @return everything between {@code SCHEME:} and {@code ?}, e.g. {@code serial:///dev/ttyUSB0}; may be empty */
    public String target() {
        return target;
    }

    /** @return everything after {@code SCHEME:}, query included, exactly as written */
    public String schemeSpecificPart() {
        return text.substring(scheme.length() + 1);
    }

    /** @return the decoded query parameters in the order written; empty when there are none */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * @param name a parameter name
     * @return its decoded value, if present
     */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** @return the host of a {@code //host} target, if there is one */
    public Optional<String> host() {
        return Optional.ofNullable(host).filter(h -> !h.isEmpty());
    }

    /** @return the port of a {@code //host:port} target, if given */
    public OptionalInt port() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** @return the user of a {@code //user@host} target, if given */
    public Optional<String> user() {
        return Optional.ofNullable(userInfo);
    }

    /** @return the path: after the authority for {@code //host/path}, else the whole target */
    public String path() {
        return path;
    }

    /**
     * Parses the target as a URI of its own, keeping the parameters: {@code owon:serial:///dev/ttyUSB0?baud=9600}
     * gives {@code serial:///dev/ttyUSB0?baud=9600}.
     *
     * @return the nested URI
     * @throws ConfigException when the target does not start with a scheme
     */
    public DeviceUri nested() {
        return parse(query == null ? target : target + "?" + query);
    }

    /** @return the URI exactly as given; may contain secret-looking parameters, so do not log it */
    public String raw() {
        return text;
    }

    /** @return the URI with the values of secret-looking parameters replaced by {@code ****} */
    @Override
    public String toString() {
        return redact(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceUri other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /**
     * Percent-encodes a value for a URI option, so that {@link #parse} gives it back as it was: every byte
     * of its UTF-8 form other than letters, digits, {@code - . _ ~} and {@code /} becomes {@code %XX}
     * (a space is {@code %20}, never {@code +}, which stays a plus sign here).
     *
     * <pre>{@code
     * String uri = "ssh://tester@lab-07?identity=" + DeviceUri.encodeValue(key.toString());
     * }</pre>
     *
     * @param value any text, a file path for example
     * @return the encoded value
     */
    public static String encodeValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "/._-~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * @param name a parameter or option name
     * @return {@code true} when the name says it holds a secret (password, passphrase, token...)
     */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.contains(n) || n.endsWith("password") || n.endsWith("passphrase") || n.endsWith("secret")
                || n.endsWith("token") || n.endsWith("passwd");
    }

    private static String redact(String text) {
        int q = text.indexOf('?');
        String head = q < 0 ? text : text.substring(0, q);
        head = head.replaceAll("//([^/@:?#]*):[^/@?#]*@", "//$1:****@");
        if (q < 0) {
            return head;
        }
        StringBuilder sb = new StringBuilder(head).append('?');
        String[] pairs = text.substring(q + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                sb.append('&');
            }
            int eq = pairs[i].indexOf('=');
            if (eq > 0 && isSecretName(pairs[i].substring(0, eq))) {
                sb.append(pairs[i], 0, eq).append("=****");
            } else {
                sb.append(pairs[i]);
            }
        }
        return sb.toString();
    }
}
