package dev.benchhal.lin.ldf.diag;

import dev.benchhal.error.ProtocolException;

import java.util.Locale;

/**
 * The node refused a diagnostic request: negative response {@code 7F SID NRC}. The message names
 * the node, the service and the reason ("0x31 requestOutOfRange").
 */
public final class NegativeResponseException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** The refused service id. */
    private final int sid;
    /** The negative response code. */
    private final int nrc;

    /**
     * @param source the node (transport description)
     * @param sid    the refused service id
     * @param nrc    the negative response code
     * @param during what the request was for, or null
     */
    public NegativeResponseException(String source, int sid, int nrc, String during) {
        super(source, String.format(Locale.ROOT, "service 0x%02X refused: 0x%02X %s%s", sid, nrc, name(nrc),
                during == null ? "" : " (" + during + ")"));
        this.sid = sid;
        this.nrc = nrc;
    }

    /** @return the refused service id */
    public int sid() {
        return sid;
    }

    /** @return the negative response code (ISO 14229-1) */
    public int nrc() {
        return nrc;
    }

    /**
     * @param nrc a negative response code
     * @return its ISO 14229-1 name, or "unknown reason"
     */
    public static String name(int nrc) {
        switch (nrc) {
            case 0x10: return "generalReject";
            case 0x11: return "serviceNotSupported";
            case 0x12: return "subFunctionNotSupported";
            case 0x13: return "incorrectMessageLengthOrInvalidFormat";
            case 0x14: return "responseTooLong";
            case 0x21: return "busyRepeatRequest";
            case 0x22: return "conditionsNotCorrect";
            case 0x24: return "requestSequenceError";
            case 0x31: return "requestOutOfRange";
            case 0x33: return "securityAccessDenied";
            case 0x35: return "invalidKey";
            case 0x70: return "uploadDownloadNotAccepted";
            case 0x71: return "transferDataSuspended";
            case 0x72: return "generalProgrammingFailure";
            case 0x73: return "wrongBlockSequenceCounter";
            case 0x78: return "requestCorrectlyReceivedResponsePending";
            case 0x7E: return "subFunctionNotSupportedInActiveSession";
            case 0x7F: return "serviceNotSupportedInActiveSession";
            default: return "unknown reason";
        }
    }
}
