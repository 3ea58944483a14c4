package io.roomwire.bench.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** One server endpoint: where to connect, the Host header, and the request target up to the query. */
record Endpoint(InetSocketAddress remote, String hostHeader, String target) {

    static Endpoint of(URI url) throws UnknownHostException {
        int port = Options.port(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery();
        return new Endpoint(new InetSocketAddress(InetAddress.getByName(url.getHost()), port),
                url.getHost() + ":" + port, path + "?" + (query == null || query.isEmpty() ? "" : query + "&"));
    }
}
