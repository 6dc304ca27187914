package dev.benchhal.hypervisor.libvirt;

import dev.benchhal.error.BusyException;
import dev.benchhal.error.ConfigException;
import dev.benchhal.error.DisconnectedException;
import dev.benchhal.error.HalException;
import dev.benchhal.error.NotFoundException;
import dev.benchhal.error.UnsupportedFeatureException;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's errors as typed exceptions carrying libvirt's code and message, and libvirt's own error
 * printing routed to SLF4J instead of stderr.
 */
final class LibvirtErrors {

    private static final Logger LOG = LoggerFactory.getLogger("dev.benchhal.hypervisor.libvirt.libvirt");
    private static volatile boolean routed;

    private LibvirtErrors() {
    }

    /** Installs the process-wide error callback once: libvirt reports to SLF4J at DEBUG, never to stderr. */
    static void routeToSlf4j() {
        if (routed) {
            return;
        }
        synchronized (LibvirtErrors.class) {
            if (!routed) {
                try {
                    org.libvirt.Connect.setErrorCallback((userData, error) ->
                            LOG.debug("libvirt error {}: {}", codeName(error.code), error.message));
                } catch (LibvirtException e) {
                    LOG.warn("cannot route libvirt's error printing to the log: {}", e.getMessage());
                }
                routed = true;
            }
        }
    }

    /** @return libvirt's name for an error number ({@code VIR_ERR_NO_DOMAIN}), or the number when it is new */
    static String codeName(int code) {
        Error.ErrorNumber[] names = Error.ErrorNumber.values();
        return code >= 0 && code < names.length ? names[code].name() : Integer.toString(code);
    }

    /**
     * @param source what was being done on (the connection URI)
     * @param what   the operation, with the domain or device name
     * @param e      libvirt's error
     * @return the typed exception
     */
    static HalException translate(String source, String what, LibvirtException e) {
        Error error = e.getError();
        Error.ErrorNumber code = error == null ? null : error.getCode();
        String message = error == null ? e.getMessage() : error.getMessage();
        String detail = what + ": " + message + (code == null ? "" : " (libvirt " + code + ")");
        if (code == null) {
            return new HalException(source, detail, e);
        }
        switch (code) {
            case VIR_ERR_NO_DOMAIN:
            case VIR_ERR_NO_NODE_DEVICE:
            case VIR_ERR_NO_NETWORK:
            case VIR_ERR_NO_CONNECT:
                return new NotFoundException(source, detail);
            case VIR_ERR_DOM_EXIST:
            case VIR_ERR_XML_ERROR:
            case VIR_ERR_XML_DETAIL:
            case VIR_ERR_INVALID_ARG:
            case VIR_ERR_CONFIG_UNSUPPORTED:
                return new ConfigException(source, detail, e);
            case VIR_ERR_OPERATION_INVALID:
                return message != null && message.contains("already exists") ? new ConfigException(source, detail, e)
                        : new HalException(source, detail, e);
            case VIR_ERR_NO_SUPPORT:
            case VIR_ERR_OPERATION_UNSUPPORTED:
            case VIR_ERR_AGENT_UNRESPONSIVE:
                return new UnsupportedFeatureException(source, detail);
            case VIR_ERR_OPERATION_TIMEOUT:
                return new dev.benchhal.error.HalTimeoutException(source, detail);
            case VIR_ERR_RESOURCE_BUSY:
                return new BusyException(source, detail, e);
            case VIR_ERR_SYSTEM_ERROR:
            case VIR_ERR_RPC:
            case VIR_ERR_AUTH_FAILED:
                return new DisconnectedException(source, detail, e);
            default:
                return new HalException(source, detail, e);
        }
    }
}
