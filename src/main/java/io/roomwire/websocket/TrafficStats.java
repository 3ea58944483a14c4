package io.roomwire.websocket;

/**
 * What one session has carried so far: data messages and bytes (frames included) each way.
 * A snapshot. Immutable.
 */
public record TrafficStats(long messagesIn, long messagesOut, long bytesIn, long bytesOut) {
}
