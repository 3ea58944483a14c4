package io.roomwire.chat;

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
    };

    /** The user a token was issued to, or null when unknown or expired. */
    User find(String token);

    /** Keeps (or refreshes) a token for the resume window. */
    void save(String token, User user);
}
