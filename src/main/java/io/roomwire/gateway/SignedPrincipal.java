package io.roomwire.gateway;

import io.roomwire.chat.Grant;
import java.security.Principal;

/** A handshake's verified token, handed from {@link ChatController} to the socket handler through the engine. */
record SignedPrincipal(Grant grant) implements Principal {

    @Override
    public String getName() {
        return grant.user().id();
    }
}
