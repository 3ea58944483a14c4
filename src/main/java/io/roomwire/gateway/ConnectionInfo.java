package io.roomwire.gateway;

import io.roomwire.chat.User;
import java.util.List;

/** One chat connection as operators see it. Immutable snapshot. */
public record ConnectionInfo(String id, User user, String remoteAddress, String userAgent, List<String> rooms,
        long connectedAt, long messagesIn, long messagesOut, long bytesIn, long bytesOut, long queuedBytes) {
}
