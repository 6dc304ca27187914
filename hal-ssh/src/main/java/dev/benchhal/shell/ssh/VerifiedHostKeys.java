package dev.benchhal.shell.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * known_hosts checking with an explicit trust-on-first-use option: an unknown key is refused
 * unless {@code acceptNewHostKey} is set, in which case it is appended to the file and a warning
 * is logged; a changed key is always refused. Remembers what each host presented, so errors
 * can name the key.
 */
final class VerifiedHostKeys implements HostKeyRepository {

    private static final Logger LOG = LoggerFactory.getLogger(VerifiedHostKeys.class);

    private final HostKeyRepository known;
    private final JSch jsch;
    private final Path file;
    private final boolean acceptNew;
    private final Map<String, String> presented = new ConcurrentHashMap<>();

    VerifiedHostKeys(JSch jsch, Path file, boolean acceptNew) throws JSchException {
        this.jsch = jsch;
        this.file = file;
        this.acceptNew = acceptNew;
        if (Files.isRegularFile(file)) {
            jsch.setKnownHosts(file.toString());
        }
        this.known = jsch.getHostKeyRepository();
    }

    /**
     * @param host the host as jsch names it ({@code [127.0.0.1]:2222})
     * @return the type and fingerprint the host presented, or "unknown key"
     */
    String presented(String host) {
        return presented.getOrDefault(host, "unknown key");
    }

    Path file() {
        return file;
    }

    @Override
    public int check(String host, byte[] key) {
        String shown;
        try {
            HostKey hk = new HostKey(host, key);
            shown = hk.getType() + " " + hk.getFingerPrint(jsch);
        } catch (JSchException e) {
            shown = "unparsable key";
        }
        presented.put(host, shown);
        int status = known.check(host, key);
        if (status == NOT_INCLUDED && acceptNew) {
            try {
                HostKey hk = new HostKey(host, key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, host + " " + hk.getType() + " " + hk.getKey() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                known.add(hk, null);
                LOG.warn("{}: accepted the new host key {} on first use (acceptNewHostKey=true) and added it to {}",
                        host, shown, file);
                return OK;
            } catch (IOException | JSchException e) {
                LOG.error("{}: cannot record the new host key in {}: {}", host, file, e.toString());
                return NOT_INCLUDED;
            }
        }
        return status;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        known.add(hostkey, ui);
    }

    @Override
    public void remove(String host, String type) {
        known.remove(host, type);
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        known.remove(host, type, key);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return known.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
