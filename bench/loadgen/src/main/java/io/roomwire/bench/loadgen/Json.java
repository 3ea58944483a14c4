package io.roomwire.bench.loadgen;

import java.util.Locale;
import java.util.Map;

/** A one-line JSON object writer (enough for the RESULT line; no library). */
final class Json {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private Json key(String k) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quote(k);
        sb.append(':');
        return this;
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    Json put(String k, String v) {
        key(k);
        if (v == null) {
            sb.append("null");
        } else {
            quote(v);
        }
        return this;
    }

    Json put(String k, long v) {
        key(k).sb.append(v);
        return this;
    }

    Json put(String k, double v) {
        key(k);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            sb.append("null");
        } else {
            sb.append(String.format(Locale.ROOT, "%.3f", v));
        }
        return this;
    }

    Json put(String k, boolean v) {
        key(k).sb.append(v);
        return this;
    }

    Json put(String k, Json v) {
        key(k);
        sb.append(v == null ? "null" : v.toString());
        return this;
    }

    Json put(String k, Map<String, Long> m) {
        Json o = new Json();
        m.forEach((name, value) -> o.put(name, value.longValue()));
        return put(k, o);
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
