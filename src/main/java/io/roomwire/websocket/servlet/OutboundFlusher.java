package io.roomwire.websocket.servlet;

import io.roomwire.websocket.EngineListener;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One session's outbound queue and the loop that writes it (Jetty's {@code FrameFlusher} idea).
 *
 * <ul>
 *   <li>Frames are queued by reference: a broadcast's shared frame is never copied per session until
 *       it is written.</li>
 *   <li>Control frames go ahead of queued data, but never inside a data frame already started.</li>
 *   <li>Nothing is queued after the Close frame (RFC 6455 §5.5.1).</li>
 *   <li>Writes are coalesced: whatever is queued is copied into one per-thread buffer and handed to
 *       the network in a single write and flush, up to {@link #CHUNK} bytes at a time.</li>
 *   <li>Data frames are bounded in bytes; {@link #enqueueData} reports an overflow and lets the
 *       session decide. Control frames are tiny and always accepted.</li>
 * </ul>
 *
 * <p>Threading: any thread may enqueue. Exactly one thread writes at a time: the {@link Writer}
 * state, guarded by this object's monitor, hands the writer role to the {@link FlushScheduler}'s
 * thread when idle (the enqueuing thread itself with {@link FlushScheduler#INLINE}, a
 * {@link FlushWorkers} thread otherwise), or to the container's {@link #onWritePossible()} after the
 * transport said it was not ready. The queue is changed under the monitor; the network write
 * happens outside it. Frames queued while a flush is scheduled or running leave with it.
 */
final class OutboundFlusher implements WriteListener {

    /** Bytes written to the network in one write. */
    static final int CHUNK = 64 * 1024;

    /**
     * Writes one scheduled turn may make before the flusher yields its worker to the other
     * connections waiting for it (and queues itself behind them): a client reading a large backlog
     * cannot starve a worker's other connections.
     */
    static final int WRITES_PER_TURN = 4;

    /**
     * An {@link ArrayDeque} never shrinks: a member that once had a backlog of thousands of frames
     * would keep that array for the rest of its life. A queue that held more than this many is
     * dropped when it drains (the next frame makes a fresh one); smaller ones are kept, so a
     * connection that usually has a frame or two waiting does not allocate a queue per write.
     */
    static final int DATA_KEPT = 64;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    private static final AtomicInteger INDEX = new AtomicInteger();

    enum Result { QUEUED, OVERFLOW, CLOSED }

    /**
     * Who may write: nobody needs to (IDLE), the scheduler owes us a {@link #flushScheduled()}, a
     * thread is writing, or the transport owes us a callback.
     */
    private enum Writer { IDLE, SCHEDULED, WRITING, AWAITING_READY }

    /** What the session needs to hear from the flusher. */
    interface Events {
        /** The Close frame has been handed to the network and nothing is left to write. */
        void onCloseFlushed();

        /** Writing failed; the connection is unusable. */
        void onWriteFailed(IOException e);

        /** {@code n} bytes were handed to the network. */
        default void wrote(int n) {
        }
    }

    private final long maxQueuedBytes;
    private final Events events;
    private final EngineListener listener;
    private final LongSupplier clock;
    private final FlushScheduler scheduler;
    private final int index = INDEX.getAndIncrement();
    private Transport transport;

    /**
     * Where our Close frame is (§7.1.2: the last frame we send). It only moves forward, and only under
     * this monitor; the {@link SessionLifecycle} hears of FLUSHED as its {@code closeFlushed} event.
     */
    enum CloseFrame {
        /** Not queued: data and control frames are still taken. */
        NONE,
        /** Queued behind (or ahead of) the data; nothing more is taken. */
        QUEUED,
        /** Handed to the transport, not yet known flushed. */
        WRITTEN,
        /** Flushed and reported, once. */
        FLUSHED
    }

    // Guarded by this.
    private Writer writer = Writer.AWAITING_READY; // the container calls onWritePossible() first
    private ArrayDeque<byte[]> control;
    private byte[] pendingPong;
    private ArrayDeque<byte[]> data;
    private boolean dataGrown; // data has held more than DATA_KEPT frames: dropped once drained
    private byte[] head;
    private int headOffset;
    private byte[] closeFrame;
    private CloseFrame close = CloseFrame.NONE;
    private boolean discarded; // the connection is gone: nothing more is queued or written
    private long queuedBytes;
    private long notReadySince;

    OutboundFlusher(long maxQueuedBytes, Events events, EngineListener listener, LongSupplier clock,
            FlushScheduler scheduler) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.events = events;
        this.listener = listener;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** A number unique to this flusher, for spreading flushers over workers. */
    int index() {
        return index;
    }

    void attach(Transport transport) {
        this.transport = transport;
    }

    /** Queues a data frame unless it would exceed the byte bound or a Close is already queued. */
    Result enqueueData(byte[] frame) {
        synchronized (this) {
            if (close != CloseFrame.NONE || discarded) {
                return Result.CLOSED;
            }
            if (queuedBytes + frame.length > maxQueuedBytes) {
                return Result.OVERFLOW;
            }
            if (data == null) {
                data = new ArrayDeque<>(3); // 4 slots: an idle connection keeps this one; it grows for bursts
            }
            data.addLast(frame);
            if (data.size() > DATA_KEPT) {
                dataGrown = true;
            }
            queuedBytes += frame.length;
            if (!claimWriter()) {
                return Result.QUEUED;
            }
        }
        scheduler.schedule(this);
        return Result.QUEUED;
    }

    /** Queues a ping ahead of data. */
    Result enqueueControl(byte[] frame) {
        return enqueueControl(frame, false);
    }

    /**
     * Queues a pong ahead of data. RFC 6455 §5.5.3: when several pings arrive before the pong is
     * sent, answering only the most recent is allowed, so a pong still waiting is replaced; a client
     * sending pings without reading cannot grow the queue.
     */
    Result enqueuePong(byte[] frame) {
        return enqueueControl(frame, true);
    }

    private Result enqueueControl(byte[] frame, boolean pong) {
        synchronized (this) {
            if (close != CloseFrame.NONE || discarded) {
                return Result.CLOSED;
            }
            if (control == null) {
                control = new ArrayDeque<>(4);
            }
            if (pong && pendingPong != null && control.remove(pendingPong)) {
                queuedBytes -= pendingPong.length;
            }
            control.addLast(frame);
            queuedBytes += frame.length;
            if (pong) {
                pendingPong = frame;
            }
            if (!claimWriter()) {
                return Result.QUEUED;
            }
        }
        scheduler.schedule(this);
        return Result.QUEUED;
    }

    /**
     * Queues the Close frame, the last frame ever sent. With {@code dropData} the queued data that
     * has not started is discarded so the Close goes next (failing a connection, answering a Close);
     * without it, the Close follows everything already queued (an orderly close).
     */
    void enqueueClose(byte[] frame, boolean dropData) {
        synchronized (this) {
            if (close != CloseFrame.NONE || discarded) {
                return;
            }
            if (dropData && data != null) {
                for (byte[] f : data) {
                    queuedBytes -= f.length;
                }
                data.clear();
            }
            closeFrame = frame;
            close = CloseFrame.QUEUED;
            queuedBytes += frame.length;
            if (!claimWriter()) {
                return;
            }
        }
        scheduler.schedule(this);
    }

    /** Forgets everything queued; used once the connection is gone. */
    synchronized void discard() {
        discarded = true;
        control = null;
        pendingPong = null;
        data = null;
        head = null;
        closeFrame = null;
        queuedBytes = 0;
        notReadySince = 0;
    }

    /** Whether the data queue's array is held (for tests of its release). */
    synchronized boolean holdsDataQueue() {
        return data != null;
    }

    /** Whether the control queue is held (for tests of its release). */
    synchronized boolean holdsControlQueue() {
        return control != null;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Nanos since the transport last refused bytes we have queued, or 0 when not waiting. */
    synchronized long notReadySince() {
        return notReadySince;
    }

    synchronized boolean isCloseFlushed() {
        return close == CloseFrame.FLUSHED;
    }

    /** The scheduler's turn: write everything queued, unless the role moved on meanwhile. */
    void flushScheduled() {
        flushScheduled(Integer.MAX_VALUE);
    }

    /**
     * The scheduler's turn, at most {@code maxWrites} writes long: with more still queued after
     * them, the flusher books itself again with the scheduler and returns.
     */
    void flushScheduled(int maxWrites) {
        synchronized (this) {
            if (writer != Writer.SCHEDULED) {
                return;
            }
            writer = Writer.WRITING;
        }
        drain(false, maxWrites);
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            if (writer != Writer.AWAITING_READY) {
                return;
            }
            writer = Writer.WRITING;
            notReadySince = 0;
        }
        drain(true, Integer.MAX_VALUE);
    }

    @Override
    public void onError(Throwable t) {
        events.onWriteFailed(t instanceof IOException io ? io : new IOException(t));
    }

    /** Called under the monitor: books a flush with the scheduler if nobody holds the writer role. */
    private boolean claimWriter() {
        if (writer == Writer.IDLE) {
            writer = Writer.SCHEDULED;
            return true;
        }
        return false;
    }

    /**
     * The writer loop; only the thread holding the WRITING role runs it. Each round copies what is
     * queued into one buffer, writes it, and flushes it, checking {@code isReady()} before each
     * write and flush as the Servlet contract demands; when the transport is not ready the role
     * passes to the container's next {@link #onWritePossible()}.
     *
     * @param unflushed whether bytes handed over earlier may still wait for a flush
     */
    private void drain(boolean unflushed, int maxWrites) {
        byte[] scratch = SCRATCH.get();
        int writesLeft = maxWrites;
        while (true) {
            int n;
            boolean reportCloseFlushed = false;
            synchronized (this) {
                if (writesLeft == 0 && !discarded && hasQueued()) {
                    writer = Writer.SCHEDULED; // everything written so far is flushed: yield the turn
                    n = -1;
                } else {
                    n = discarded ? 0 : fill(scratch);
                }
                if (n == 0 && !unflushed) {
                    writer = Writer.IDLE;
                    notReadySince = 0;
                    if (close == CloseFrame.WRITTEN) {
                        close = CloseFrame.FLUSHED;
                        reportCloseFlushed = true;
                    }
                }
            }
            if (n < 0) {
                scheduler.schedule(this);
                return;
            }
            if (n == 0 && !unflushed) {
                if (reportCloseFlushed) {
                    events.onCloseFlushed();
                }
                return;
            }
            try {
                if (n > 0) {
                    writesLeft--;
                    transport.write(scratch, 0, n);
                    listener.bytesSent(n);
                    events.wrote(n);
                }
                if (!stillReady()) {
                    return;
                }
                transport.flush();
                unflushed = false;
                if (!stillReady()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    writer = Writer.IDLE;
                }
                events.onWriteFailed(e instanceof IOException io ? io : new IOException(e));
                return;
            }
        }
    }

    /**
     * Asks the transport whether it takes more. The role is handed to {@link #onWritePossible()}
     * before asking, so a callback racing with a "not ready" answer finds AWAITING_READY and takes
     * over; when the answer is "ready" no callback is due and the role comes back to this thread.
     */
    private boolean stillReady() {
        synchronized (this) {
            writer = Writer.AWAITING_READY;
        }
        boolean ready = transport.isReady();
        synchronized (this) {
            if (!ready) {
                if (writer == Writer.AWAITING_READY && notReadySince == 0) {
                    notReadySince = EngineSession.nonZero(clock.getAsLong()); // 0 means not waiting
                }
                return false;
            }
            writer = Writer.WRITING;
            return true;
        }
    }

    /** Called under the monitor: whether any frame is still to be written. */
    private boolean hasQueued() {
        return head != null || (data != null && !data.isEmpty()) || (control != null && !control.isEmpty())
                || closeFrame != null;
    }

    /** Called under the monitor: copies queued frames into the scratch buffer, oldest control first. */
    private int fill(byte[] scratch) {
        int n = 0;
        if (head != null) {
            n = copyHead(scratch, n);
            if (head != null) {
                return n; // scratch full
            }
        }
        while (control != null && !control.isEmpty() && control.peekFirst().length <= scratch.length - n) {
            byte[] f = control.pollFirst();
            if (f == pendingPong) {
                pendingPong = null;
            }
            System.arraycopy(f, 0, scratch, n, f.length);
            n += f.length;
            queuedBytes -= f.length;
        }
        if (control != null && control.isEmpty()) {
            control = null; // a ping every 25 s: not worth a queue held by every idle connection
        }
        while (data != null && !data.isEmpty() && n < scratch.length) {
            head = data.pollFirst();
            headOffset = 0;
            n = copyHead(scratch, n);
        }
        if (dataGrown && data != null && data.isEmpty()) {
            data = null;
            dataGrown = false;
        }
        if (head == null && (data == null || data.isEmpty()) && (control == null || control.isEmpty())
                && closeFrame != null && closeFrame.length <= scratch.length - n) {
            System.arraycopy(closeFrame, 0, scratch, n, closeFrame.length);
            n += closeFrame.length;
            queuedBytes -= closeFrame.length;
            closeFrame = null;
            close = CloseFrame.WRITTEN;
        }
        return n;
    }

    private int copyHead(byte[] scratch, int n) {
        int len = Math.min(head.length - headOffset, scratch.length - n);
        System.arraycopy(head, headOffset, scratch, n, len);
        headOffset += len;
        queuedBytes -= len;
        if (headOffset == head.length) {
            head = null;
            headOffset = 0;
        }
        return n + len;
    }

    @Override
    public synchronized String toString() {
        return "OutboundFlusher[" + writer + ", " + queuedBytes + " bytes queued, close " + close
                + (discarded ? ", discarded" : "") + "]";
    }
}
