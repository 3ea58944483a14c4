package io.roomwire.websocket;

/**
 * What the container binding found when it looked, once at start-up, for a way to close an upgraded
 * connection's socket from any thread (the Servlet API has none). Without one, a client that stops
 * answering is dropped only on the container's next event for its connection. Immutable.
 *
 * @param available true when unresponsive clients are dropped at once
 * @param mechanism how, e.g. {@code tomcat: UpgradeServletOutputStream.socketWrapper.close()}, or
 *                  {@code none}
 * @param detail    why it is unavailable, else empty
 */
public record AbortProbe(boolean available, String mechanism, String detail) {

    /** No container support: sockets close on the container's next event. */
    public static final AbortProbe NONE = new AbortProbe(false, "none", "no container-specific aborter configured");
}
