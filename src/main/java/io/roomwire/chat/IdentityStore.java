package io.roomwire.chat;

import java.util.Map;

/**
 * Where resume tokens outlive a node: on one node nowhere ({@link #NONE}); in a cluster in Redis,
 * so a client that reconnects to another node with its {@code session} keeps its user id, and so
 * its {@code ref}s still de-duplicate. Thread-safe.
 */
public interface IdentityStore {

    IdentityStore NONE = new IdentityStore() {
        @Override
        public User find(String token) {
            return null;
        }

        @Override
        public void save(String token, User user) {
        }

        @Override
        public void saveAll(Map<String, User> users) {
        }
    };

    /** The user a token was issued to, or null when unknown or expired. */
    User find(String token);

    /** Keeps (or refreshes) a token for the resume window, from now. */
    void save(String token, User user);

    /** {@link #save} for many tokens at once (token -> user). */
    void saveAll(Map<String, User> users);
}
