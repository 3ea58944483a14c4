package io.roomwire.server;

import io.roomwire.websocket.servlet.DirectWrites;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's {@link DirectWrites}: the JDK {@link SocketChannel} under a plain (not TLS) NIO
 * connection, found through the socket wrapper that {@link TomcatConnectionAborter} reaches.
 *
 * <ul>
 *   <li>The JDK channel, not Tomcat's {@link NioChannel}, is kept: Tomcat recycles its channel
 *       objects for later connections, so a late write through one could reach another client; a
 *       JDK channel belongs to one connection and throws once it is closed.</li>
 *   <li>Only when the wrapper's channel is exactly a {@link NioChannel}: a {@code SecureNioChannel}
 *       encrypts in its own write, which the raw socket would bypass.</li>
 *   <li>Tomcat times out a connection waiting for write readiness from its last write, which it
 *       no longer sees: {@link DirectSocket#awaitWritable()} stamps it first, so the container's
 *       write timeout counts from the wait, as it would for its own writes.</li>
 * </ul>
 */
final class TomcatDirectWrites implements DirectWrites {

    private final TomcatConnectionAborter sockets;

    TomcatDirectWrites(TomcatConnectionAborter sockets) {
        this.sockets = sockets;
    }

    @Override
    public DirectSocket socketOf(ServletOutputStream upgradedOutput) {
        if (!(sockets.socketWrapper(upgradedOutput) instanceof NioEndpoint.NioSocketWrapper nio)) {
            return null;
        }
        NioChannel tomcatChannel = nio.getSocket();
        if (tomcatChannel == null || tomcatChannel.getClass() != NioChannel.class) {
            return null;
        }
        SocketChannel channel = tomcatChannel.getIOChannel();
        return channel == null ? null : new Socket(nio, channel);
    }

    private record Socket(NioEndpoint.NioSocketWrapper wrapper, SocketChannel channel) implements DirectSocket {

        @Override
        public int write(ByteBuffer bytes) throws IOException {
            return channel.write(bytes);
        }

        @Override
        public void awaitWritable() {
            wrapper.updateLastWrite();
            wrapper.registerWriteInterest();
        }
    }
}
