package io.roomwire.bench.loadgen;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Command-line flags ({@code --name value} or {@code --name=value}); see {@link #usage()}. */
final class Options {

    enum Scenario { FANOUT, IDLE, STORM, LATENCY }

    /** Connection i uses urls[i % n]; --url sets a single one. */
    List<URI> urls = List.of(URI.create("ws://127.0.0.1:8080/ws"));
    /** If set, the publishers (ids 0..publishers-1) use this endpoint instead. */
    URI publisherUrl = null;
    Scenario scenario = Scenario.FANOUT;
    int connections = 100;
    int rooms = 10;
    /** -1: every connection publishes (fanout, latency) or none (idle, storm). */
    int publishers = -1;
    double[] rates = {200};
    double durationS = 10;
    double warmupS = 2;
    int messageBytes = 100;
    /** 0: do not bind; otherwise bind to 127.0.0.1 .. 127.0.0.N before connect. */
    int sourceAddresses = -1;
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    int concurrency = 256;
    double connectTimeoutS = 10;
    double joinTimeoutS = 30;
    double drainS = 5;
    int slowClients = 0;
    int slowReceiveBuffer = 4096;
    String holdCommand = null;
    boolean stormReconnect = true;
    double stormPauseS = 1;
    String roomPrefix = "bench-r";
    String namePrefix = "lg";
    long maxClientQueueBytes = 4L << 20;
    long spinMicros = 0;
    boolean preciseTimer = true;
    boolean progress = true;
    /** Offer permessage-deflate (client_no_context_takeover) and inflate what arrives compressed. */
    boolean deflate = false;
    /** With --deflate: reuse the result for a compressed message identical to one just inflated (see Deflate). */
    boolean inflateMemo = true;

    static String usage() {
        return """
                RoomWire load generator (java.nio, open-loop, HdrHistogram)

                  java -jar loadgen.jar [flags]

                  --url ws://127.0.0.1:8080/ws   endpoint (ws:// only)
                  --urls URL1,URL2,...     several endpoints: connection i uses URL(i % n)
                  --publisher-url URL      the publishers (ids 0..publishers-1) use this one instead
                  --scenario fanout|idle|storm|latency
                  --connections N          WebSocket connections to open (100)
                  --rooms N                rooms; connection i joins room i % N; 0 = join nothing (10)
                  --publishers N           publishing connections (ids 0..N-1, so spread over the rooms)
                                           (default: all but the slow clients for fanout/latency,
                                           none for idle/storm)
                  --rate R[,R2,...]        chat messages per second in total, open loop; a list runs
                                           one step per rate on the same connections (200)
                  --duration S             measured seconds per step (10); idle: seconds to hold
                  --warmup S               unmeasured publishing before each step (2)
                  --message-bytes N        chat text length, including the "t=<nanos>;" stamp (100)
                  --source-addresses N     bind to 127.0.0.1..127.0.0.N before connect; 0 = no bind
                                           (default 4 for a loopback url, else 0)
                  --threads N              I/O (selector) threads (min(2, cores))
                  --concurrency N          handshakes in flight at once (256)
                  --connect-timeout S      per connection, dial to hello (10)
                  --join-timeout S         wait for all joined (30)
                  --drain S                after a step, wait at most this long for stragglers (5)
                  --slow-clients N         S5: N non-publishing members stop reading after join (0)
                  --slow-rcvbuf BYTES      SO_RCVBUF of the slow clients (4096)
                  --hold-command CMD       idle: run `sh -c CMD` once every connection is up
                                           (env LOADGEN_CONNECTIONS, LOADGEN_PID)
                  --storm-reconnect B      storm: drop every connection, then reconnect all (true)
                  --storm-pause S          storm: pause before the drop (1)
                  --room-prefix P          room names P0, P1, ... (bench-r)
                  --name-prefix P          user names P0, P1, ... (lg)
                  --max-client-queue BYTES a publisher whose socket has this much unsent skips sends (4MB)
                  --spin-us N              busy-poll when the next send is within N us (0 = never)
                  --precise-timer B        wake selectors at sub-ms send times from a timer thread;
                                           false = select()'s 1 ms resolution (true)
                  --deflate                offer permessage-deflate; client_no_context_takeover
                                           (RFC 7692) on every connection, inflate compressed
                                           server messages; client frames stay uncompressed (off)
                  --inflate-memo B         with --deflate and server_no_context_takeover: a message
                                           byte-identical to one of the last few inflated takes the
                                           remembered result (same bytes, less client CPU); false =
                                           inflate every message (true)
                  --quiet                  no progress lines
                  --self-check             run the built-in checks (deflate vectors) and exit
                """;
    }

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.print(usage());
                System.exit(0);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("quiet") || name.equals("deflate")) {
                value = "true";
            } else {
                if (i + 1 >= list.size()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = list.get(++i);
            }
            o.set(name, value);
        }
        o.validate();
        return o;
    }

    private void set(String name, String v) {
        switch (name) {
            case "url" -> urls = List.of(URI.create(v));
            case "urls" -> urls = Arrays.stream(v.split(",")).map(String::trim).map(URI::create).toList();
            case "publisher-url" -> publisherUrl = v.isBlank() ? null : URI.create(v);
            case "scenario" -> scenario = Scenario.valueOf(v.toUpperCase(Locale.ROOT));
            case "connections" -> connections = Integer.parseInt(v);
            case "rooms" -> rooms = Integer.parseInt(v);
            case "publishers" -> publishers = Integer.parseInt(v);
            case "rate" -> {
                String[] parts = v.split(",");
                rates = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    rates[i] = Double.parseDouble(parts[i].trim());
                }
            }
            case "duration" -> durationS = seconds(v);
            case "warmup" -> warmupS = seconds(v);
            case "message-bytes" -> messageBytes = Integer.parseInt(v);
            case "source-addresses" -> sourceAddresses = Integer.parseInt(v);
            case "threads" -> threads = Integer.parseInt(v);
            case "concurrency" -> concurrency = Integer.parseInt(v);
            case "connect-timeout" -> connectTimeoutS = seconds(v);
            case "join-timeout" -> joinTimeoutS = seconds(v);
            case "drain" -> drainS = seconds(v);
            case "slow-clients" -> slowClients = Integer.parseInt(v);
            case "slow-rcvbuf" -> slowReceiveBuffer = (int) bytes(v);
            case "hold-command" -> holdCommand = v.isBlank() ? null : v;
            case "storm-reconnect" -> stormReconnect = Boolean.parseBoolean(v);
            case "storm-pause" -> stormPauseS = seconds(v);
            case "room-prefix" -> roomPrefix = v;
            case "name-prefix" -> namePrefix = v;
            case "max-client-queue" -> maxClientQueueBytes = bytes(v);
            case "spin-us" -> spinMicros = Long.parseLong(v);
            case "precise-timer" -> preciseTimer = Boolean.parseBoolean(v);
            case "quiet" -> progress = !Boolean.parseBoolean(v);
            case "deflate" -> deflate = Boolean.parseBoolean(v);
            case "inflate-memo" -> inflateMemo = Boolean.parseBoolean(v);
            default -> throw new IllegalArgumentException("unknown flag --" + name + "\n" + usage());
        }
    }

    private void validate() {
        for (URI u : endpoints()) {
            if (!"ws".equals(u.getScheme())) {
                throw new IllegalArgumentException("--url, --urls and --publisher-url must be ws://host:port/path (no TLS)");
            }
        }
        if (connections < 1 || rooms < 0 || threads < 1 || concurrency < 1) {
            throw new IllegalArgumentException("--connections, --threads and --concurrency must be >= 1, --rooms >= 0");
        }
        if (!roomPrefix.matches("[A-Za-z0-9_.-]{1,50}")) {
            throw new IllegalArgumentException("--room-prefix must be 1-50 of [A-Za-z0-9_.-]");
        }
        if (publishers < 0) {
            publishers = (scenario == Scenario.FANOUT || scenario == Scenario.LATENCY)
                    ? connections - Math.max(0, slowClients) : 0;
        }
        if (rooms == 0) {
            publishers = 0;
        }
        if (publishers > connections) {
            throw new IllegalArgumentException("--publishers exceeds --connections");
        }
        if (slowClients > connections - publishers) {
            throw new IllegalArgumentException("--slow-clients must not exceed the non-publishing connections ("
                    + (connections - publishers) + ")");
        }
        if (slowClients > 0 && rooms == 0) {
            throw new IllegalArgumentException("--slow-clients needs rooms");
        }
        for (double r : rates) {
            if (!(r > 0)) {
                throw new IllegalArgumentException("--rate must be > 0");
            }
        }
        if (messageBytes < 24 || messageBytes > 2000) {
            throw new IllegalArgumentException("--message-bytes must be 24..2000 (the server's chat limit is 2000)");
        }
        if (sourceAddresses < 0) {
            sourceAddresses = isLoopback() ? 4 : 0;
        }
        if (sourceAddresses > 250) {
            throw new IllegalArgumentException("--source-addresses is at most 250");
        }
    }

    /** Every endpoint in use: the urls, then the publisher url if set. */
    List<URI> endpoints() {
        List<URI> all = new ArrayList<>(urls);
        if (publisherUrl != null) {
            all.add(publisherUrl);
        }
        return all;
    }

    /** The urls as given, comma-separated (for the report). */
    String urlText() {
        return String.join(",", urls.stream().map(URI::toString).toList());
    }

    boolean isLoopback() {
        return endpoints().stream().allMatch(u -> u.getHost() != null
                && (u.getHost().startsWith("127.") || u.getHost().equals("localhost")));
    }

    static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    static double seconds(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Double.parseDouble(s.substring(0, s.length() - 2)) / 1000.0;
        }
        if (s.endsWith("s")) {
            return Double.parseDouble(s.substring(0, s.length() - 1));
        }
        if (s.endsWith("m")) {
            return Double.parseDouble(s.substring(0, s.length() - 1)) * 60.0;
        }
        return Double.parseDouble(s);
    }

    static long bytes(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long mul = 1;
        if (s.endsWith("KB")) {
            mul = 1024;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("MB")) {
            mul = 1024 * 1024;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s.trim()) * mul;
    }
}
