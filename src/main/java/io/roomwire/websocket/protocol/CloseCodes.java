package io.roomwire.websocket.protocol;

/** Close status codes of RFC 6455 §7.4 and the IANA registry. Stateless. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never on the wire: reported when a Close frame carried no code (RFC 6455 §7.1.5). */
    public static final int NO_STATUS = 1005;
    /** Never on the wire: reported when the connection dropped without a Close frame (§7.1.5). */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;

    private CloseCodes() {
    }

    /**
     * Whether a code may appear in a Close frame (RFC 6455 §7.4.1-§7.4.2): the registered codes
     * 1000-1003 and 1007-1014, and the 3000-4999 ranges for libraries and applications. 1004 is
     * reserved, 1005/1006/1015 are for reporting only, everything else below 3000 is unassigned.
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
