package io.roomwire.bench.loadgen;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * RoomWire's load generator. Opens N WebSocket connections over a few selector threads, joins rooms,
 * then runs the scenario: open-loop publishing steps (fanout, latency), holding idle connections (idle),
 * or a connect and reconnect storm (storm). Prints a table and one {@code RESULT {json}} line per step.
 */
public final class Main {

    private final Options o;
    private final Shared sh;
    private final IoLoop[] loops;
    private final Room[] rooms;
    private final Conn[] conns;
    private final long cpuStart;
    private final List<String> table = new ArrayList<>();

    private Main(Options o) throws Exception {
        this.o = o;
        this.sh = new Shared(o);
        this.loops = new IoLoop[o.threads];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop(i, sh);
        }
        this.rooms = new Room[o.rooms];
        for (int i = 0; i < rooms.length; i++) {
            rooms[i] = new Room(i, o.roomPrefix + i);
        }
        this.conns = new Conn[o.connections];
        for (int i = 0; i < conns.length; i++) {
            Room room = rooms.length == 0 ? null : rooms[i % rooms.length];
            boolean publisher = i < o.publishers;
            boolean slow = i >= o.connections - o.slowClients;
            IoLoop loop = loops[i % loops.length];
            conns[i] = new Conn(i, room, publisher, slow, loop, sh.endpointFor(i, publisher));
            loop.conns.add(conns[i]);
        }
        this.cpuStart = cpuNanos();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--self-check")) {
            System.exit(SelfCheck.run() ? 0 : 1);
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
            return;
        }
        new Main(o).run();
    }

    private void run() throws Exception {
        Waker waker = new Waker(loops);
        for (IoLoop l : loops) {
            if (o.preciseTimer) {
                l.useWaker(waker);
            }
            l.start();
        }
        if (o.preciseTimer) {
            waker.start();
        }
        System.out.printf(Locale.ROOT, "loadgen: scenario=%s url=%s%s connections=%d rooms=%d publishers=%d threads=%d"
                        + " source-addresses=%d concurrency=%d%s%n", name(o.scenario), o.urlText(),
                o.publisherUrl == null ? "" : " publisher-url=" + o.publisherUrl, o.connections, o.rooms,
                o.publishers, o.threads, o.sourceAddresses, o.concurrency, o.deflate ? " deflate=offered" : "");

        PhaseResult connect = connectPhase("connect", false);
        JoinResult join = awaitJoins(connect);
        PhaseResult reconnect = null;
        JoinResult rejoin = null;
        List<StepResult> steps = new ArrayList<>();
        long holdSeconds = 0;

        switch (o.scenario) {
            case FANOUT, LATENCY -> {
                if (o.publishers == 0) {
                    System.err.println("loadgen: no publishers (need --rooms > 0 and --publishers > 0)");
                }
                for (int i = 0; i < o.rates.length && o.publishers > 0; i++) {
                    steps.add(runStep(i + 1, o.rates[i]));
                }
            }
            case IDLE -> holdSeconds = hold();
            case STORM -> {
                if (o.stormReconnect) {
                    sleep(o.stormPauseS);
                    progress("storm: dropping %d connections at once", sh.stats.open.get());
                    for (IoLoop l : loops) {
                        l.execute(l::dropAll);
                    }
                    barrier();
                    reconnect = connectPhase("reconnect", true);
                    rejoin = awaitJoins(reconnect);
                }
            }
        }

        SlowResult slow = o.slowClients > 0 ? resolveSlowClients() : null;
        long cpuTotal = cpuNanos() - cpuStart;
        int stillOpen = sh.stats.open.get();

        sh.stopping = true;
        for (IoLoop l : loops) {
            l.execute(l::closeAllGracefully);
        }
        barrier();
        sleep(0.3);
        for (IoLoop l : loops) {
            l.stop();
        }

        // ---- report
        List<String> results = new ArrayList<>();
        Json base = new Json();
        StringBuilder t = new StringBuilder();
        t.append("\n==== RoomWire loadgen: ").append(name(o.scenario)).append(" ====\n");
        row(t, "url", o.urlText());
        if (o.publisherUrl != null) {
            row(t, "publisher url", o.publisherUrl.toString());
        }
        row(t, "connections", o.connections + " (" + o.threads + " I/O threads, " + o.sourceAddresses
                + " source addresses)");
        row(t, "rooms / publishers", o.rooms + " / " + o.publishers + (o.slowClients > 0 ? " (+" + o.slowClients
                + " slow clients)" : ""));
        connect.describe(t);
        join.describe(t, "joins");
        if (reconnect != null) {
            reconnect.describe(t);
            rejoin.describe(t, "rejoins");
        }
        if (holdSeconds > 0) {
            row(t, "held open", stillOpen + " connections for " + holdSeconds + " s");
        }
        if (slow != null) {
            row(t, "slow clients", slow.count + ", closed by the server: " + slow.closed + " " + slow.codes);
        }
        row(t, "server errors", Stats.snapshot(sh.stats.errors).toString());
        row(t, "closes seen", Stats.snapshot(sh.stats.closeCodes) + ", unexpected: " + sh.stats.unexpectedCloses.sum());
        row(t, "seq gaps / pings", sh.stats.seqGaps.sum() + " / " + sh.stats.pings.sum());
        if (o.deflate) {
            Stats st = sh.stats;
            long wire = st.deflateWireBytes.sum();
            long inflated = st.deflateInflatedBytes.sum();
            row(t, "permessage-deflate", "agreed in " + st.deflateAgreed.get() + " of " + (st.deflateAgreed.get()
                    + st.deflateDeclined.get()) + " handshakes (" + st.deflateContextTakeover.get()
                    + " with server context takeover)" + (st.deflateAgreed.get() == 0 ? "  NOT IN USE" : ""));
            row(t, "compressed received", st.deflateMessages.sum() + " messages (" + st.deflatePlainMessages.sum()
                    + " plain), " + wire + " bytes inflated to " + inflated
                    + (wire > 0 ? " (" + fmt((double) inflated / wire) + "x)" : "") + "; " + st.deflateReused.sum()
                    + " identical to one just inflated" + (o.inflateMemo ? " (reused)" : ""));
        }
        row(t, "client CPU", fmt(cpuTotal / 1e9) + " s in total");

        for (StepResult s : steps) {
            s.describe(t);
        }
        System.out.print(t);

        if (steps.isEmpty()) {
            results.add(common(connect, join, reconnect, rejoin, slow, cpuTotal, stillOpen).toString());
        }
        for (StepResult s : steps) {
            Json j = common(connect, join, reconnect, rejoin, slow, cpuTotal, stillOpen);
            s.json(j);
            results.add(j.toString());
        }
        for (String r : results) {
            System.out.println("RESULT " + r);
        }
        System.out.flush();
        System.exit(0);
    }

    private Json common(PhaseResult connect, JoinResult join, PhaseResult reconnect, JoinResult rejoin,
            SlowResult slow, long cpuTotal, int stillOpen) {
        Json j = new Json()
                .put("scenario", name(o.scenario))
                .put("url", o.urlText())
                .put("publisher_url", o.publisherUrl == null ? "" : o.publisherUrl.toString())
                .put("connections", o.connections)
                .put("connected", connect.ok)
                .put("rooms", o.rooms)
                .put("publishers", o.publishers)
                .put("message_bytes", o.messageBytes)
                .put("warmup_s", o.warmupS)
                .put("threads", o.threads)
                .put("source_addresses", o.sourceAddresses)
                .put("concurrency", o.concurrency)
                .put("connect_failures", connect.failed)
                .put("connect_s", connect.seconds)
                .put("handshake_per_s", connect.rate)
                .put("connect_ms", connect.latencyJson())
                .put("connect_failure_reasons", connect.reasons)
                .put("joined", join.joined)
                .put("join_failures", join.failed);
        if (reconnect != null) {
            j.put("reconnect", new Json()
                    .put("connected", reconnect.ok)
                    .put("failures", reconnect.failed)
                    .put("seconds", reconnect.seconds)
                    .put("per_s", reconnect.rate)
                    .put("connect_ms", reconnect.latencyJson())
                    .put("rejoined", rejoin.joined)
                    .put("rejoin_failures", rejoin.failed)
                    .put("failure_reasons", reconnect.reasons));
        }
        if (o.scenario == Options.Scenario.IDLE) {
            j.put("held_open", stillOpen).put("hold_s", o.durationS);
        }
        if (slow != null) {
            j.put("slow_clients", slow.count).put("slow_closed", slow.closed).put("slow_close_codes", slow.codes);
        }
        j.put("server_errors", Stats.snapshot(sh.stats.errors))
                .put("closes", Stats.snapshot(sh.stats.closeCodes))
                .put("unexpected_closes", sh.stats.unexpectedCloses.sum())
                .put("seq_gaps", sh.stats.seqGaps.sum())
                .put("client_cpu_total_s", cpuTotal / 1e9);
        if (o.deflate) {
            Stats st = sh.stats;
            j.put("deflate", new Json()
                    .put("agreed", st.deflateAgreed.get())
                    .put("declined", st.deflateDeclined.get())
                    .put("context_takeover", st.deflateContextTakeover.get())
                    .put("compressed_messages", st.deflateMessages.sum())
                    .put("plain_messages", st.deflatePlainMessages.sum())
                    .put("wire_bytes", st.deflateWireBytes.sum())
                    .put("inflated_bytes", st.deflateInflatedBytes.sum())
                    .put("inflate_memo", o.inflateMemo)
                    .put("reused", st.deflateReused.sum()));
        }
        return j;
    }

    // ---------------------------------------------------------------- connect phases

    private PhaseResult connectPhase(String name, boolean redial) throws Exception {
        Stats st = sh.stats;
        Stats.ConnectPhase phase = new Stats.ConnectPhase(name, loops.length);
        int ready0 = st.ready.get();
        int failed0 = st.failed.get();
        var reasons0 = Stats.snapshot(st.connectFailures);
        long t0 = System.nanoTime();
        st.lastReadyAt.set(t0);
        long nextPrint = t0 + 1_000_000_000L;
        for (Conn c : conns) {
            while (!sh.dialSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                nextPrint = maybeProgress(nextPrint, name, t0, ready0, failed0);
            }
            IoLoop l = c.loop;
            if (redial) {
                l.execute(() -> {
                    c.resetForRedial();
                    c.rejoin = true;
                    l.dial(c, phase);
                });
            } else {
                l.execute(() -> l.dial(c, phase));
            }
            nextPrint = maybeProgress(nextPrint, name, t0, ready0, failed0);
        }
        long deadline = System.nanoTime() + (long) ((o.connectTimeoutS + 5) * 1e9);
        while (st.ready.get() - ready0 + st.failed.get() - failed0 < conns.length && System.nanoTime() < deadline) {
            Thread.sleep(5);
            nextPrint = maybeProgress(nextPrint, name, t0, ready0, failed0);
        }
        barrier();
        PhaseResult r = new PhaseResult();
        r.name = name;
        r.ok = st.ready.get() - ready0;
        r.failed = conns.length - r.ok;
        long t1 = st.lastReadyAt.get();
        r.seconds = (t1 - t0) / 1e9;
        r.rate = r.seconds > 0 ? r.ok / r.seconds : 0;
        r.latency = Stats.merge(phase.connectTime);
        var reasons = Stats.snapshot(st.connectFailures);
        reasons0.forEach((k, v) -> reasons.merge(k, -v, Long::sum));
        reasons.values().removeIf(v -> v == 0);
        long accounted = reasons.values().stream().mapToLong(Long::longValue).sum();
        if (r.failed > accounted) {
            reasons.put("not done in time", r.failed - accounted);
        }
        r.reasons = reasons;
        progress("%s: %d ok, %d failed in %s s (%s handshakes/s)", name, r.ok, r.failed, fmt(r.seconds), fmt(r.rate));
        return r;
    }

    private long maybeProgress(long nextPrint, String name, long t0, int ready0, int failed0) {
        long now = System.nanoTime();
        if (now < nextPrint) {
            return nextPrint;
        }
        progress("%s: %.0f s  ready %d  failed %d", name, (now - t0) / 1e9, sh.stats.ready.get() - ready0,
                sh.stats.failed.get() - failed0);
        return now + 1_000_000_000L;
    }

    private JoinResult awaitJoins(PhaseResult phase) throws Exception {
        JoinResult r = new JoinResult();
        if (rooms.length == 0) {
            return r;
        }
        Stats st = sh.stats;
        // joins are sent on hello, so most have been answered by now; count this phase's share
        long deadline = System.nanoTime() + (long) (o.joinTimeoutS * 1e9);
        int target = phase.ok;
        int joined0 = phase.name.equals("connect") ? 0 : joinedBeforeReconnect;
        int failed0 = phase.name.equals("connect") ? 0 : joinFailedBeforeReconnect;
        while (st.joined.get() - joined0 + st.joinFailed.get() - failed0 < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        barrier();
        r.joined = st.joined.get() - joined0;
        r.failed = target - r.joined;
        joinedBeforeReconnect = st.joined.get();
        joinFailedBeforeReconnect = st.joinFailed.get();
        progress("%s: %d joined, %d not joined", phase.name.equals("connect") ? "joins" : "rejoins", r.joined, r.failed);
        return r;
    }

    private int joinedBeforeReconnect;
    private int joinFailedBeforeReconnect;

    // ---------------------------------------------------------------- publishing steps

    private StepResult runStep(int number, double rate) throws Exception {
        int publishers = o.publishers;
        long now = System.nanoTime();
        long t0 = now + 100_000_000L;
        long measureStart = t0 + (long) (o.warmupS * 1e9);
        long end = measureStart + (long) (o.durationS * 1e9);
        Step step = new Step(number, rate, t0, measureStart, end, publishers, loops.length);
        sh.step = step;
        for (IoLoop l : loops) {
            List<Conn> mine = new ArrayList<>();
            for (Conn c : l.conns) {
                if (c.publisher) {
                    mine.add(c);
                }
            }
            Conn[] pubs = mine.toArray(new Conn[0]);
            int[] idx = new int[pubs.length];
            for (int i = 0; i < pubs.length; i++) {
                idx[i] = pubs[i].id;
            }
            l.execute(() -> l.startPublishing(step, pubs, idx));
        }
        progress("step %d: %s msgs/s from %d publishers, warmup %s s, measure %s s", number, fmt(rate), publishers,
                fmt(o.warmupS), fmt(o.durationS));
        long cpuA = 0;
        boolean cpuStarted = false;
        long nextPrint = t0 + 1_000_000_000L;
        long prevRecv = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(10);
            long n = System.nanoTime();
            if (!cpuStarted && n >= measureStart) {
                cpuA = cpuNanos();
                cpuStarted = true;
            }
            if (n >= nextPrint) {
                long recv = step.received.sum();
                progress("step %d: %4.0f s  sent %d  expected %d  received %d (+%d/s)  open %d", number,
                        (n - t0) / 1e9, step.sent.sum(), step.expected.sum(), recv, recv - prevRecv,
                        sh.stats.open.get());
                prevRecv = recv;
                nextPrint += 1_000_000_000L;
            }
        }
        if (!cpuStarted) {
            cpuA = cpuNanos();
        }
        long cpuB = cpuNanos();
        boolean scheduleDone = step.loopsDone.await(30, TimeUnit.SECONDS);
        long scheduleDoneAt = System.nanoTime();
        long drainDeadline = scheduleDoneAt + (long) (o.drainS * 1e9);
        while (step.received.sum() < step.expected.sum() && System.nanoTime() < drainDeadline) {
            Thread.sleep(2);
        }
        long drained = System.nanoTime();
        sh.step = null;
        barrier();

        StepResult r = new StepResult();
        r.number = number;
        r.rate = rate;
        r.sent = step.sent.sum();
        r.warmupSent = step.sentWarmup.sum();
        r.skipped = step.skipped.sum();
        r.expected = step.expected.sum();
        r.received = step.received.sum();
        r.latency = Stats.merge(step.latency);
        r.sendLag = Stats.merge(step.sendLag);
        r.cpuMeasureS = (cpuB - cpuA) / 1e9;
        r.scheduleLate = !scheduleDone;
        r.drainS = (drained - scheduleDoneAt) / 1e9;
        r.durationS = o.durationS;
        return r;
    }

    // ---------------------------------------------------------------- idle and slow clients

    private long hold() throws Exception {
        long t0 = System.nanoTime();
        if (o.holdCommand != null) {
            progress("hold: %d open, running: %s", sh.stats.open.get(), o.holdCommand);
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", o.holdCommand).inheritIO();
            pb.environment().put("LOADGEN_CONNECTIONS", Integer.toString(sh.stats.open.get()));
            pb.environment().put("LOADGEN_PID", Long.toString(ProcessHandle.current().pid()));
            int rc = pb.start().waitFor();
            progress("hold: command exited %d", rc);
        }
        long end = t0 + (long) (o.durationS * 1e9);
        long nextPrint = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(20);
            if (System.nanoTime() >= nextPrint) {
                progress("hold: %d open, %d pings answered", sh.stats.open.get(), sh.stats.pings.sum());
                nextPrint += 1_000_000_000L;
            }
        }
        return Math.round((System.nanoTime() - t0) / 1e9);
    }

    private SlowResult resolveSlowClients() throws Exception {
        sh.slowResumed = true;
        for (IoLoop l : loops) {
            l.execute(l::resumeSlowClients);
        }
        long deadline = System.nanoTime() + (long) (Math.max(2, o.drainS) * 1e9);
        int still;
        do {
            Thread.sleep(50);
            still = 0;
            for (IoLoop l : loops) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                l.execute(() -> f.complete(l.slowStillOpen()));
                still += f.get();
            }
        } while (still > 0 && System.nanoTime() < deadline);
        SlowResult r = new SlowResult();
        r.count = o.slowClients;
        r.codes = Stats.snapshot(sh.stats.slowCloses);
        r.closed = Stats.total(sh.stats.slowCloses);
        progress("slow clients: %d, closed by the server %d %s", r.count, r.closed, r.codes);
        return r;
    }

    // ---------------------------------------------------------------- helpers

    private void barrier() throws Exception {
        CompletableFuture<?>[] fs = new CompletableFuture<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            fs[i] = loops[i].barrier();
        }
        CompletableFuture.allOf(fs).get(30, TimeUnit.SECONDS);
    }

    private void progress(String format, Object... args) {
        if (o.progress) {
            System.out.printf(Locale.ROOT, "[%7.2f] " + format + "%n",
                    concat((System.nanoTime() - sh.base) / 1e9, args));
        }
    }

    private static Object[] concat(Object first, Object[] rest) {
        Object[] a = new Object[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static String name(Options.Scenario s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : fmt(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static void row(StringBuilder t, String name, String value) {
        t.append(String.format(Locale.ROOT, "  %-22s %s%n", name, value));
    }

    static Json latencyJson(Histogram h) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        return new Json()
                .put("p50", h.getValueAtPercentile(50) / 1000.0)
                .put("p90", h.getValueAtPercentile(90) / 1000.0)
                .put("p99", h.getValueAtPercentile(99) / 1000.0)
                .put("p99_9", h.getValueAtPercentile(99.9) / 1000.0)
                .put("max", h.getMaxValue() / 1000.0)
                .put("mean", h.getMean() / 1000.0)
                .put("count", h.getTotalCount());
    }

    // ---------------------------------------------------------------- result holders

    static final class PhaseResult {
        String name;
        int ok;
        int failed;
        double seconds;
        double rate;
        Histogram latency;
        java.util.Map<String, Long> reasons;

        Json latencyJson() {
            return Main.latencyJson(latency);
        }

        void describe(StringBuilder t) {
            row(t, name, ok + " ok, " + failed + " failed in " + fmt(seconds) + " s = " + fmt(rate) + " handshakes/s");
            row(t, name + " time ms", "p50 " + ms(latency, 50) + "  p90 " + ms(latency, 90) + "  p99 "
                    + ms(latency, 99) + "  max " + (latency.getTotalCount() == 0 ? "-" : fmt(latency.getMaxValue() / 1000.0))
                    + "  (dial to hello)");
            if (!reasons.isEmpty()) {
                row(t, name + " failures", reasons.toString());
            }
        }
    }

    static final class JoinResult {
        int joined;
        int failed;

        void describe(StringBuilder t, String name) {
            row(t, name, joined + " joined, " + failed + " not joined");
        }
    }

    static final class SlowResult {
        int count;
        long closed;
        java.util.Map<String, Long> codes;
    }

    static final class StepResult {
        int number;
        double rate;
        long sent;
        long warmupSent;
        long skipped;
        long expected;
        long received;
        Histogram latency;
        Histogram sendLag;
        double cpuMeasureS;
        boolean scheduleLate;
        double drainS;
        double durationS;

        void describe(StringBuilder t) {
            t.append(String.format(Locale.ROOT, "  --- step %d: %s msgs/s offered ---%n", number, fmt(rate)));
            row(t, "sent (measured)", sent + " (" + fmt(sent / durationS) + "/s; warmup " + warmupSent
                    + ", skipped " + skipped + ")");
            row(t, "deliveries", received + " of " + expected + " expected"
                    + (expected == received ? " (all)" : " (MISSING " + (expected - received) + ")"));
            row(t, "deliveries/s", fmt(received / durationS));
            row(t, "latency ms", "p50 " + ms(latency, 50) + "  p90 " + ms(latency, 90) + "  p99 " + ms(latency, 99)
                    + "  p99.9 " + ms(latency, 99.9) + "  max "
                    + (latency.getTotalCount() == 0 ? "-" : fmt(latency.getMaxValue() / 1000.0)));
            row(t, "client send lag ms", "p50 " + ms(sendLag, 50) + "  p99 " + ms(sendLag, 99) + "  max "
                    + (sendLag.getTotalCount() == 0 ? "-" : fmt(sendLag.getMaxValue() / 1000.0))
                    + (scheduleLate ? "  (SCHEDULE NOT FINISHED: client overloaded)" : ""));
            row(t, "client CPU", fmt(cpuMeasureS) + " s in the " + fmt(durationS) + " s window ("
                    + fmt(100 * cpuMeasureS / durationS) + " % of one core)");
            row(t, "drain after last send", fmt(drainS) + " s");
        }

        void json(Json j) {
            j.put("step", number)
                    .put("rate", rate)
                    .put("duration_s", durationS)
                    .put("sent", sent)
                    .put("sent_warmup", warmupSent)
                    .put("skipped_sends", skipped)
                    .put("expected", expected)
                    .put("received", received)
                    .put("missing", expected - received)
                    .put("deliveries_per_s", received / durationS)
                    .put("latency_ms", latencyJson(latency))
                    .put("send_lag_ms", latencyJson(sendLag))
                    .put("client_cpu_s", cpuMeasureS)
                    .put("schedule_finished", !scheduleLate)
                    .put("drain_s", drainS);
        }
    }
}
