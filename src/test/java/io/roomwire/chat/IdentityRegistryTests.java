package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The resume window at its edges, on a clock the test moves. */
class IdentityRegistryTests {

    private static final Duration WINDOW = Duration.ofMinutes(2);

    private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    private final IdentityRegistry registry = new IdentityRegistry(WINDOW, 16, now::get);

    @Test
    void aTokenResumesTheSameUserUntilItsWindowHasPassed() {
        Identity first = registry.connect(null, "ann", null);
        registry.disconnect(first);
        advance(WINDOW.toNanos() - 1);

        Identity resumed = registry.connect(first.token(), "ann", null);
        assertThat(resumed).isSameAs(first);
        registry.disconnect(resumed);
        advance(WINDOW.toNanos());

        Identity fresh = registry.connect(first.token(), "ann", null);
        assertThat(fresh).isNotSameAs(first);
        assertThat(fresh.user().id()).isNotEqualTo(first.user().id());
    }

    @Test
    void anExpiredTokenIsRefusedEvenBeforeTheNextSweep() {
        Identity gone = registry.connect(null, "bob", null);
        registry.disconnect(gone);
        advance(WINDOW.toNanos() - TimeUnit.MILLISECONDS.toNanos(500));
        registry.connect(null, "sweeper", null); // sweeps now: bob still has 500 ms
        advance(TimeUnit.MILLISECONDS.toNanos(600)); // bob's window is over; the next sweep is 400 ms away

        Identity fresh = registry.connect(gone.token(), "bob", null);
        assertThat(fresh).isNotSameAs(gone);
    }

    @Test
    void expiredIdentitiesAreSweptWhileConnectedOnesStay() {
        Identity stays = registry.connect(null, "stays", null);
        for (int i = 0; i < 100; i++) {
            registry.disconnect(registry.connect(null, "u" + i, null));
        }
        assertThat(registry.size()).isEqualTo(101);

        advance(WINDOW.toNanos());
        registry.connect(null, "trigger", null);

        assertThat(registry.size()).isEqualTo(2); // "stays" and "trigger"
        assertThat(registry.connect(stays.token(), "stays", null)).isSameAs(stays);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void expiredIdentitiesAreForgottenWithoutAnyNewConnection() {
        for (int i = 0; i < 50; i++) {
            registry.disconnect(registry.connect(null, "u" + i, null));
        }
        Identity stays = registry.connect(null, "stays", null);
        advance(WINDOW.toNanos());

        registry.forgetExpired(); // the janitor's tick: no connect needed

        assertThat(registry.size()).isEqualTo(1);
        assertThat(registry.connect(stays.token(), "stays", null)).isSameAs(stays);
    }

    /** What the registry asked its store to keep, in order: token=name. */
    private static final class RecordingStore implements IdentityStore {
        final List<String> writes = new ArrayList<>();

        @Override
        public User find(String token) {
            return null;
        }

        @Override
        public synchronized void save(String token, User user) {
            writes.add(token + "=" + user.name());
        }

        @Override
        public synchronized void saveAll(Map<String, User> users) {
            users.forEach(this::save);
        }
    }

    @Test
    void theStoreIsWrittenForANewOrRenamedIdentityAndAtDisconnectButNotForAPlainResume() {
        RecordingStore store = new RecordingStore();
        IdentityRegistry withStore = new IdentityRegistry(WINDOW, 16, now::get, store);

        Identity ann = withStore.connect(null, "ann", null);
        assertThat(store.writes).as("a new token").containsExactly(ann.token() + "=ann");
        withStore.connect(ann.token(), "ann", null);
        assertThat(store.writes).as("a second connection under the same name").hasSize(1);
        withStore.connect(ann.token(), "annie", null);
        assertThat(store.writes).as("renamed").last().isEqualTo(ann.token() + "=annie");
        withStore.disconnect(ann);
        assertThat(store.writes).as("the window starts at the disconnect").hasSize(3);
    }

    @Test
    void refreshAllWritesEveryConnectedIdentityAndNoDisconnectedOne() {
        RecordingStore store = new RecordingStore();
        IdentityRegistry withStore = new IdentityRegistry(WINDOW, 16, now::get, store);
        Identity online = withStore.connect(null, "online", null);
        Identity gone = withStore.connect(null, "gone", null);
        withStore.disconnect(gone);
        store.writes.clear();

        withStore.refreshAll();

        assertThat(store.writes).containsExactly(online.token() + "=online");
    }
}
