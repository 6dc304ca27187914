package dev.benchhal.shell.ssh;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends jsch's own log to SLF4J, one level quieter: its INFO is connection chatter, DEBUG here. */
final class JschLog implements com.jcraft.jsch.Logger {

    private static final Logger LOG = LoggerFactory.getLogger("dev.benchhal.shell.ssh.jsch");

    @Override
    public boolean isEnabled(int level) {
        return switch (level) {
            case DEBUG, INFO -> LOG.isDebugEnabled();
            case WARN -> LOG.isWarnEnabled();
            default -> LOG.isErrorEnabled();
        };
    }

    @Override
    public void log(int level, String message) {
        switch (level) {
            case DEBUG, INFO -> LOG.debug("{}", message);
            case WARN -> LOG.warn("{}", message);
            default -> LOG.error("{}", message);
        }
    }
}
