package io.roomwire.bench.loadgen;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Semaphore;

/** What every I/O loop reads: options, endpoints, counters, the current step, the dial slots. */
final class Shared {
    final Options options;
    final Stats stats = new Stats();
    /** nanoTime origin of the "t=" stamps (relative values stay positive and short). */
    final long base = System.nanoTime();
    final Semaphore dialSlots;
    /** Connection i dials endpoints[i % n] ... */
    final Endpoint[] endpoints;
    /** ... unless it publishes and --publisher-url is set (null if not). */
    final Endpoint publisherEndpoint;
    /** Local addresses to bind before connect, or empty for no bind. */
    final InetAddress[] sources;

    volatile Step step;
    volatile boolean stopping;
    /** S5: slow clients read again (set once the measured steps are over). */
    volatile boolean slowResumed;

    Shared(Options o) throws UnknownHostException {
        this.options = o;
        this.dialSlots = new Semaphore(o.concurrency);
        this.endpoints = new Endpoint[o.urls.size()];
        for (int i = 0; i < endpoints.length; i++) {
            endpoints[i] = Endpoint.of(o.urls.get(i));
        }
        this.publisherEndpoint = o.publisherUrl == null ? null : Endpoint.of(o.publisherUrl);
        this.sources = new InetAddress[o.sourceAddresses];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)});
        }
    }

    Endpoint endpointFor(int id, boolean publisher) {
        return publisher && publisherEndpoint != null ? publisherEndpoint : endpoints[id % endpoints.length];
    }
}
