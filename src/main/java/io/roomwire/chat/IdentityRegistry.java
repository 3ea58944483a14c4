package io.roomwire.chat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Issues user ids and unguessable resume tokens, and resolves a reconnecting client's
 * {@code session} back to its identity within the resume window. Thread-safe.
 */
@Component
public class IdentityRegistry {

    private static final int MAX_NAME = 32;
    private static final int MAX_AVATAR = 512;
    /** Expired identities are swept at most this often: a sweep walks every identity. */
    private static final long PURGE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * One generator per thread: the default {@code NativePRNG} serialises every caller on a global
     * lock, which a connect storm on 200 request threads turned into the main cost of a handshake.
     * DRBG instances are independent, each seeded once from the system's entropy source.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(IdentityRegistry::newRandom);

    private final ConcurrentHashMap<String, Identity> byToken = new ConcurrentHashMap<>();
    private final long resumeWindowNanos;
    private final int dedupRefs;
    private final LongSupplier clock;
    private final AtomicLong lastPurge;
    private final IdentityStore store;

    @Autowired
    IdentityRegistry(ChatProperties properties, IdentityStore store) {
        this(properties.resumeWindow(), properties.dedupRefs(), System::nanoTime, store);
    }

    IdentityRegistry(Duration resumeWindow, int dedupRefs, LongSupplier clock) {
        this(resumeWindow, dedupRefs, clock, IdentityStore.NONE);
    }

    IdentityRegistry(Duration resumeWindow, int dedupRefs, LongSupplier clock, IdentityStore store) {
        this.resumeWindowNanos = resumeWindow.toNanos();
        this.dedupRefs = dedupRefs;
        this.clock = clock;
        this.lastPurge = new AtomicLong(clock.getAsLong());
        this.store = store;
    }

    /**
     * The identity for a new connection: the one behind {@code token} while it is resumable, else a
     * new one. The display name and avatar of this connection apply either way.
     */
    public Identity connect(String token, String name, String avatar) {
        Identity identity = resume(token);
        if (identity != null) {
            User before = identity.user();
            return connected(identity, new User(before.id(), cleanName(name, before.id()), cleanAvatar(avatar)));
        }
        String id = "u" + HexFormat.of().formatHex(bytes(6));
        return connected(null, new User(id, cleanName(name, id), cleanAvatar(avatar)));
    }

    /**
     * The identity for a connection whose signed token names {@code user} (id, name and avatar from
     * its claims): the one behind {@code token} while it is resumable and belongs to that same user,
     * else a new one. A resume token never makes one signed user another.
     */
    public Identity connectSigned(String token, User user) {
        Identity identity = resume(token);
        if (identity != null && !identity.user().id().equals(user.id())) {
            identity = null;
        }
        return connected(identity, new User(user.id(), cleanName(user.name(), user.id()), cleanAvatar(user.avatar())));
    }

    /** The identity behind a resume token while it is resumable, here or (in a cluster) on another node. */
    private Identity resume(String token) {
        long now = clock.getAsLong();
        purge(now);
        Identity identity = token == null ? null : byToken.get(token);
        if (identity != null && identity.expired(now, resumeWindowNanos)) {
            byToken.remove(token, identity); // past its window but not swept yet
            identity = null;
        }
        if (identity == null && token != null) {
            User known = store.find(token); // issued by another node of the cluster
            if (known != null) {
                identity = byToken.computeIfAbsent(token, t -> new Identity(t, known, dedupRefs));
            }
        }
        return identity;
    }

    /** {@code identity} (null: a new one) as {@code user}, counted connected and kept in the store. */
    private Identity connected(Identity identity, User user) {
        boolean changed;
        if (identity != null) {
            changed = !identity.user().equals(user);
            identity.rename(user);
        } else {
            identity = new Identity(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24)), user, dedupRefs);
            byToken.put(identity.token(), identity);
            changed = true;
        }
        if (changed) {
            // A resume under the same name writes nothing: the store already holds the token, and
            // refreshAll (the cluster's heartbeat) keeps it while the connection lives.
            store.save(identity.token(), identity.user());
        }
        identity.connected();
        return identity;
    }

    /** Called off the I/O threads (the disconnect cleanup): the store's window starts now. */
    public void disconnect(Identity identity) {
        identity.disconnected(clock.getAsLong());
        store.save(identity.token(), identity.user());
    }

    /**
     * Writes every identity with a live connection to the store again, restarting its expiry: the
     * cluster's heartbeat calls this well within the store's TTL, so a token stays resumable on
     * another node however long its connection lasted, and after Redis lost its data.
     */
    public void refreshAll() {
        Map<String, User> live = new HashMap<>();
        for (Identity identity : byToken.values()) {
            if (identity.isConnected()) {
                live.put(identity.token(), identity.user());
            }
        }
        if (!live.isEmpty()) {
            store.saveAll(live);
        }
    }

    public int size() {
        return byToken.size();
    }

    /**
     * Forgets identities whose resume window has passed, connects or not: the janitor calls this, so
     * a quiet server does not keep every departed user's recent refs until the next connection.
     */
    public void forgetExpired() {
        purge(clock.getAsLong());
    }

    /**
     * Forgets identities whose resume window has passed. The sweep is O(identities), so it runs at
     * most once per {@link #PURGE_INTERVAL_NANOS} (one connecting thread wins the race) rather than
     * on every connect, which made a handshake storm quadratic.
     */
    private void purge(long now) {
        long last = lastPurge.get();
        if (now - last < PURGE_INTERVAL_NANOS || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        byToken.values().removeIf(identity -> identity.expired(now, resumeWindowNanos));
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // every Java 9+ runtime has DRBG; this is only a fallback
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.get().nextBytes(b);
        return b;
    }

    /**
     * docs/protocol.md: 1-32 characters, trimmed, no control characters; {@code guest-XXXX} when
     * nothing usable is left.
     */
    static String cleanName(String raw, String userId) {
        if (raw != null) {
            StringBuilder sb = new StringBuilder();
            raw.codePoints()
                    .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                            && Character.getType(cp) != Character.LINE_SEPARATOR
                            && Character.getType(cp) != Character.PARAGRAPH_SEPARATOR)
                    .forEach(sb::appendCodePoint);
            String cleaned = sb.toString().strip().replaceAll("\\s+", " ");
            if (!cleaned.isEmpty()) {
                int end = cleaned.offsetByCodePoints(0, Math.min(MAX_NAME, cleaned.codePointCount(0, cleaned.length())));
                return cleaned.substring(0, end).strip();
            }
        }
        return "guest-" + userId.substring(userId.length() - 4);
    }

    /** A URL (http/https) or a short emoji-like string; anything else is dropped. */
    static String cleanAvatar(String raw) {
        if (raw == null) {
            return null;
        }
        String a = raw.strip();
        if (a.isEmpty() || a.length() > MAX_AVATAR || a.codePoints().anyMatch(Character::isISOControl)) {
            return null;
        }
        if (a.startsWith("https://") || a.startsWith("http://")) {
            return a;
        }
        return a.codePointCount(0, a.length()) <= 8 && a.codePoints().noneMatch(Character::isWhitespace) ? a : null;
    }
}
