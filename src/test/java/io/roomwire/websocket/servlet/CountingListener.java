package io.roomwire.websocket.servlet;

import io.roomwire.websocket.EngineListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link EngineListener} that counts, for assertions on what the engine reports. Thread-safe. */
final class CountingListener implements EngineListener {

    final AtomicInteger opened = new AtomicInteger();
    final List<Integer> closed = new CopyOnWriteArrayList<>();
    final List<Integer> protocolErrors = new CopyOnWriteArrayList<>();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();

    @Override
    public void sessionOpened() {
        opened.incrementAndGet();
    }

    @Override
    public void sessionClosed(int code) {
        closed.add(code);
    }

    @Override
    public void protocolError(int closeCode) {
        protocolErrors.add(closeCode);
    }

    @Override
    public void bytesReceived(int bytes) {
        bytesReceived.addAndGet(bytes);
    }

    @Override
    public void bytesSent(int bytes) {
        bytesSent.addAndGet(bytes);
    }

    @Override
    public String toString() {
        return "CountingListener[opened=" + opened + ", closed=" + closed + ", protocolErrors=" + protocolErrors
                + ", in=" + bytesReceived + ", out=" + bytesSent + "]";
    }
}
