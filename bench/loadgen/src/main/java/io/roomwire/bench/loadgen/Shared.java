package io.roomwire.bench.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Semaphore;

/** What every I/O loop reads: options, target, counters, the current step, the dial slots. */
final class Shared {
    final Options options;
    final Stats stats = new Stats();
    /** nanoTime origin of the "t=" stamps (relative values stay positive and short). */
    final long base = System.nanoTime();
    final Semaphore dialSlots;
    final InetSocketAddress remote;
    /** Local addresses to bind before connect, or empty for no bind. */
    final InetAddress[] sources;
    final String hostHeader;
    final String target;

    volatile Step step;
    volatile boolean stopping;
    /** S5: slow clients read again (set once the measured steps are over). */
    volatile boolean slowResumed;

    Shared(Options o) throws UnknownHostException {
        this.options = o;
        this.dialSlots = new Semaphore(o.concurrency);
        this.remote = new InetSocketAddress(InetAddress.getByName(o.url.getHost()), o.port());
        this.sources = new InetAddress[o.sourceAddresses];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)});
        }
        this.hostHeader = o.url.getHost() + ":" + o.port();
        String path = o.url.getRawPath() == null || o.url.getRawPath().isEmpty() ? "/" : o.url.getRawPath();
        String query = o.url.getRawQuery();
        this.target = path + "?" + (query == null || query.isEmpty() ? "" : query + "&");
    }
}
