package io.roomwire.websocket.servlet;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of the handshake strings that repeat across connections (the request path, query
 * parameter names, {@code User-Agent}, {@code Origin}), where each connection would otherwise keep
 * its own for its whole life: 50 to 200 bytes each, per idle connection (docs/benchmarks.md, "What
 * an idle connection costs"). Bounded: past {@link #LIMIT} distinct values, or for long ones, a
 * string is kept as it came, so a client sending random headers cannot grow it. Thread-safe.
 */
final class SharedStrings {

    static final int LIMIT = 1024;
    static final int MAX_LENGTH = 512;

    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

    String share(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return value;
        }
        String shared = values.get(value);
        if (shared != null) {
            return shared;
        }
        if (values.size() >= LIMIT) {
            return value;
        }
        shared = values.putIfAbsent(value, value);
        return shared != null ? shared : value;
    }

    int size() {
        return values.size();
    }
}
