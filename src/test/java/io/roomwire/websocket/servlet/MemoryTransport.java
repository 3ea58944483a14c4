package io.roomwire.websocket.servlet;

import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} over memory that behaves like a Servlet container's non-blocking output stream,
 * so the engine can be driven with no socket (Netty's {@code EmbeddedChannel} idea).
 *
 * <p>The container contract it models, literally:
 * <ul>
 *   <li>{@code isReady()} answers from a switchable {@linkplain #setReady ready} flag. Once it has
 *       answered false, the container owes exactly one {@code onWritePossible()}, delivered when the
 *       flag next turns true, and only then; a "ready" flag that nobody asked about owes nothing.</li>
 *   <li>The container's first {@code onWritePossible()} after {@code setWriteListener} is modelled as
 *       owed from the start: a new transport is not ready and owes the callback, so
 *       {@code setReady(true)} delivers it.</li>
 *   <li>{@code write} and {@code flush} are legal only after {@code isReady()} last answered true or
 *       inside the owed callback; anything else, or two threads writing at once, is recorded as a
 *       {@linkplain #violations() contract violation} (and thrown, as Tomcat's
 *       {@code IllegalStateException} would be), so a test sees the engine break the contract rather
 *       than the fake paper over it.</li>
 *   <li>After {@link #close()}, {@code isReady()} is false, no callback comes, and writes fail with
 *       an {@code IOException}, like {@link ServletTransport} over a closed connection.</li>
 * </ul>
 *
 * <p>Callbacks run through an {@link Executor}: the calling thread by default, or a "container
 * thread" for concurrency tests. Never from inside {@code write}, {@code flush} or {@code isReady}:
 * containers do not re-enter the writer. Thread-safe.
 */
final class MemoryTransport implements Transport {

    private final Executor callbacks;
    private final AtomicInteger writersInside = new AtomicInteger();
    private volatile WriteListener listener;

    // Guarded by this.
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final List<Integer> writes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private boolean ready;
    private boolean callbackOwed = true;
    private boolean writeAllowed;
    private int notReadyAfterWrites;
    private int stallEvery;
    private boolean raceNextCallback;
    private CountDownLatch writeEntered;
    private CountDownLatch writeRelease;
    private long writeCount;
    private IOException failure;
    private int flushes;
    private int closes;
    private int bytesAtClose = -1;
    private int callbacksDelivered;
    private int notReadyAnswers;

    MemoryTransport(Executor callbacks) {
        this.callbacks = callbacks;
    }

    /** Binds {@code flusher} to this transport and makes the network ready, as the container's first {@code onWritePossible()}. */
    MemoryTransport connect(OutboundFlusher flusher) {
        flusher.attach(this);
        setWriteListener(flusher);
        setReady(true);
        return this;
    }

    /** The container's {@code setWriteListener}: who gets {@code onWritePossible()}. */
    void setWriteListener(WriteListener listener) {
        this.listener = listener;
    }

    /**
     * Makes the network (not) take bytes. Turning ready after {@code isReady()} answered false
     * delivers the owed {@code onWritePossible()}, as a container does when the socket drains.
     */
    void setReady(boolean ready) {
        boolean deliver;
        synchronized (this) {
            this.ready = ready;
            deliver = ready && callbackOwed && closes == 0 && listener != null;
            if (deliver) {
                callbackOwed = false;
            }
        }
        if (deliver) {
            callbacks.execute(this::deliverCallback);
        }
    }

    /** The next {@code n} writes are taken, then the network stalls (ready turns false). */
    synchronized void stallAfterWrites(int n) {
        notReadyAfterWrites = n;
    }

    /** Every {@code n}th write fills the network's buffer (ready turns false) until {@link #setReady} drains it; 0 stops. */
    synchronized void stallEvery(int n) {
        stallEvery = n;
    }

    /**
     * The next "not ready" answer races its own callback: the network drains at once and the
     * container runs {@code onWritePossible()} on another thread before {@code isReady()} has even
     * returned false to the writer, which the Servlet contract allows.
     */
    synchronized void raceNextCallback() {
        raceNextCallback = true;
    }

    /** The next write signals {@code entered}, then blocks until {@code release}: a writer caught mid-write. */
    synchronized void holdNextWrite(CountDownLatch entered, CountDownLatch release) {
        writeEntered = entered;
        writeRelease = release;
    }

    /** The next write or flush fails, as a reset connection would. */
    synchronized void failNextWrite(IOException e) {
        failure = e;
    }

    private void deliverCallback() {
        synchronized (this) {
            if (closes > 0) {
                return;
            }
            writeAllowed = true; // inside onWritePossible() the stream may be written
            callbacksDelivered++;
        }
        try {
            listener.onWritePossible();
        } catch (IOException e) {
            listener.onError(e); // what a container does when the callback throws
        }
    }

    @Override
    public boolean isReady() {
        boolean race;
        synchronized (this) {
            if (closes > 0) {
                writeAllowed = false;
                return false;
            }
            if (ready) {
                writeAllowed = true;
                return true;
            }
            writeAllowed = false;
            callbackOwed = true;
            notReadyAnswers++;
            race = raceNextCallback;
            raceNextCallback = false;
        }
        if (race) {
            Thread container = new Thread(() -> setReady(true), "racing-container");
            container.start();
            try {
                container.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        enter("write");
        try {
            hold();
            synchronized (this) {
                check("write");
                wire.write(bytes, off, len);
                writes.add(len);
                writeCount++;
                if (notReadyAfterWrites > 0 && --notReadyAfterWrites == 0) {
                    ready = false;
                }
                if (stallEvery > 0 && writeCount % stallEvery == 0) {
                    ready = false;
                }
            }
        } finally {
            writersInside.decrementAndGet();
        }
    }

    @Override
    public void flush() throws IOException {
        enter("flush");
        try {
            synchronized (this) {
                check("flush");
                flushes++;
            }
        } finally {
            writersInside.decrementAndGet();
        }
    }

    private void hold() {
        CountDownLatch entered;
        CountDownLatch release;
        synchronized (this) {
            entered = writeEntered;
            release = writeRelease;
            writeEntered = null;
            writeRelease = null;
        }
        if (entered != null) {
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void enter(String what) {
        if (writersInside.incrementAndGet() != 1) {
            violation("two threads in " + what + " at once");
        }
    }

    /** Called under the monitor. */
    private void check(String what) throws IOException {
        if (closes > 0) {
            throw new IOException("Connection closed"); // a real stream fails the same way; not a violation
        }
        if (failure != null) {
            IOException e = failure;
            failure = null;
            throw e;
        }
        if (!writeAllowed) {
            violations.add(what + " after isReady() returned false and before onWritePossible()");
            throw new IllegalStateException(what + " while not ready");
        }
    }

    private synchronized void violation(String what) {
        violations.add(what);
    }

    @Override
    public synchronized void close() {
        if (closes++ == 0) {
            bytesAtClose = wire.size();
        }
    }

    // ------------------------------------------------------------------ what the network saw

    /** Every byte written so far, in order. */
    synchronized byte[] bytes() {
        return wire.toByteArray();
    }

    synchronized int size() {
        return wire.size();
    }

    /** The length of each {@code write} call, in order. */
    synchronized List<Integer> writes() {
        return List.copyOf(writes);
    }

    synchronized int flushes() {
        return flushes;
    }

    synchronized int closes() {
        return closes;
    }

    /** How many bytes had been written when {@link #close()} was first called; -1 if never. */
    synchronized int bytesAtClose() {
        return bytesAtClose;
    }

    synchronized int callbacksDelivered() {
        return callbacksDelivered;
    }

    /** How often {@code isReady()} said no while the connection was open: the stalls the engine met. */
    synchronized int notReadyAnswers() {
        return notReadyAnswers;
    }

    synchronized boolean isCallbackOwed() {
        return callbackOwed;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public synchronized String toString() {
        return "MemoryTransport[" + (ready ? "ready" : "not ready") + (callbackOwed ? ", callback owed" : "") + ", "
                + wire.size() + " bytes in " + writes.size() + " writes" + (closes > 0 ? ", closed" : "") + "]";
    }
}
