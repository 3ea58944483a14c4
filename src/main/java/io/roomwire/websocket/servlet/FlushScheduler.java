package io.roomwire.websocket.servlet;

/**
 * Decides which thread writes a session's queued frames to the network once something is queued
 * and nobody is writing. {@link #INLINE} writes at once on the sending thread; {@link FlushWorkers}
 * hands the write to a small pool, so the sender (often a publisher fanning one message out to a
 * thousand members) only queues, and frames queued meanwhile leave in one write.
 */
public interface FlushScheduler {

    /** Writes on the thread that queued the frame: one network write per send, no hand-off. */
    FlushScheduler INLINE = OutboundFlusher::flushScheduled;

    /** Arranges for {@link OutboundFlusher#flushScheduled()} to run once, soon, on some thread. */
    void schedule(OutboundFlusher flusher);
}
