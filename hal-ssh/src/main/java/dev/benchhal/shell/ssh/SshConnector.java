package dev.benchhal.shell.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.OpenSSHConfig;
import com.jcraft.jsch.Session;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.HalTimeoutException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Makes authenticated, host-key-verified SSH connections for one host: public keys only,
 * known_hosts checked, ssh-config aliases applied. Every jsch failure becomes a typed error
 * that names the host and says what to do.
 */
final class SshConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);

    private final SshSettings settings;
    private final JSch jsch = new JSch();
    private final VerifiedHostKeys hostKeys;

    SshConnector(SshSettings settings) {
        this.settings = settings;
        String source = settings.uri().toString();
        jsch.setInstanceLogger(new JschLog());
        try {
            if (settings.sshConfig().isPresent()) {
                Path config = settings.sshConfig().get();
                if (!Files.isRegularFile(config)) {
                    throw new NotFoundException(source, "ssh config " + config + " does not exist");
                }
                jsch.setConfigRepository(OpenSSHConfig.parseFile(config.toString()));
            }
            for (Path identity : settings.identities()) {
                addIdentity(identity);
            }
            this.hostKeys = new VerifiedHostKeys(jsch, settings.knownHosts(), settings.acceptNewHostKey());
            jsch.setHostKeyRepository(hostKeys);
        } catch (JSchException | IOException e) {
            throw new ConfigException(source, "cannot set up SSH: " + e.getMessage(), e);
        }
    }

    private void addIdentity(Path identity) throws JSchException {
        String source = settings.uri().toString();
        if (!Files.isRegularFile(identity)) {
            throw new NotFoundException(source, "identity " + identity + " does not exist");
        }
        KeyPair kp = KeyPair.load(jsch, identity.toString());
        try {
            byte[] pass = null;
            if (kp.isEncrypted()) {
                if (settings.passphrase().isEmpty()) {
                    throw new ConfigException(source, "identity " + identity
                            + " is encrypted; give its passphrase with passphraseEnv or passphraseFile");
                }
                pass = settings.passphrase().get().utf8();
                if (!kp.decrypt(pass)) {
                    Arrays.fill(pass, (byte) 0);
                    throw new ConfigException(source, "the passphrase from " + settings.passphrase().get().origin()
                            + " does not decrypt identity " + identity);
                }
            }
            jsch.addIdentity(identity.toString(), pass);
            if (pass != null) {
                Arrays.fill(pass, (byte) 0);
            }
        } finally {
            kp.dispose();
        }
    }

    /**
     * Opens one connection.
     *
     * @return a connected, authenticated session
     * @throws HalException typed: host key, authentication, refused, timeout
     */
    Session connect() {
        String source = settings.uri().toString();
        Session session;
        try {
            session = settings.port().isPresent()
                    ? jsch.getSession(settings.user().orElse(null), settings.host(), settings.port().getAsInt())
                    : jsch.getSession(settings.user().orElse(null), settings.host());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("MaxAuthTries", "6");
            if (!settings.keepAlive().isZero()) {
                session.setServerAliveInterval((int) settings.keepAlive().toMillis());
                session.setServerAliveCountMax(3);
            }
        } catch (JSchException e) {
            throw new ConfigException(source, "cannot prepare a session: " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        try {
            session.connect((int) settings.connectTimeout().toMillis());
        } catch (JSchException e) {
            session.disconnect();
            throw map(session, e);
        }
        LOG.debug("{}: connected in {} ms", settings.label(), (System.nanoTime() - start) / 1_000_000);
        return session;
    }

    private HalException map(Session session, JSchException e) {
        String source = settings.uri().toString();
        String host = session.getPort() == 22 ? session.getHost() : "[" + session.getHost() + "]:" + session.getPort();
        Throwable cause = e.getCause();
        if (e instanceof JSchUnknownHostKeyException) {
            return new HostKeyException(source, "host key of " + host + " (" + hostKeys.presented(host) + ") is not in "
                    + hostKeys.file() + "; check it and add it (ssh-keyscan -p " + session.getPort() + " " + session.getHost()
                    + " >> " + hostKeys.file() + "), or set acceptNewHostKey=true to trust it on first use");
        }
        if (e instanceof JSchChangedHostKeyException) {
            return new HostKeyException(source, "host key of " + host + " has CHANGED (now " + hostKeys.presented(host)
                    + "); refusing to connect, it may be an impostor. If the host was reinstalled, remove its old line from "
                    + hostKeys.file());
        }
        // jsch's auth exception types are package-private: its message is the stable part
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("Auth fail") || msg.startsWith("Auth cancel") || msg.startsWith("Partial authentication")) {
            return new SshAuthenticationException(source, "user " + session.getUserName() + " was refused by " + host
                    + "; keys offered: " + settings.identities() + " (ssh config IdentityFile entries too, if any)");
        }
        if (cause instanceof UnknownHostException) {
            return new NotFoundException(source, "unknown host " + session.getHost(), e);
        }
        if (cause instanceof ConnectException) {
            return new DisconnectedException(source, "cannot connect to " + host + ": " + cause.getMessage(), e);
        }
        if (cause instanceof SocketTimeoutException || String.valueOf(e.getMessage()).contains("timeout")) {
            return new HalTimeoutException(source, "no SSH session with " + host + " within "
                    + Durations.format(settings.connectTimeout()), e);
        }
        return new DisconnectedException(source, "SSH connection to " + host + " failed: " + e.getMessage(), e);
    }
}
