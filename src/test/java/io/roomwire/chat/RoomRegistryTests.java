package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rooms are created on first join and forgotten, history and all, once empty for the idle TTL. */
class RoomRegistryTests {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final ChatHarness h = new ChatHarness(TestProperties.with().roomIdleTtl(TTL).build());
    private final TestMember ann = TestMember.named("ann");
    private final TestMember bob = TestMember.named("bob");

    @Test
    void aRoomIsCreatedOnceAndFoundByName() {
        Room room = h.rooms.getOrCreate("lobby", 0);

        assertThat(h.rooms.getOrCreate("lobby", 1)).isSameAs(room);
        assertThat(h.rooms.find("lobby")).isSameAs(room);
        assertThat(h.rooms.find("other")).isNull();
        assertThat(h.rooms.find(null)).isNull();
        assertThat(h.rooms.rooms()).containsExactly(room);
        assertThat(h.rooms.size()).isEqualTo(1);
    }

    @Test
    void anEmptyRoomIsKeptUntilItHasBeenIdleForTheTtl() {
        h.join(ann, "lobby");
        h.chat.leave(ann, "lobby");
        Room room = h.room("lobby");
        long idleSince = room.lastActivityNanos();

        h.rooms.evictIdle(idleSince + TTL.toNanos() - 1);
        assertThat(h.rooms.find("lobby")).as("1 ns short of the TTL").isSameAs(room);

        h.rooms.evictIdle(idleSince + TTL.toNanos());
        assertThat(h.rooms.find("lobby")).isNull();
        assertThat(room.isRetired()).isTrue();
        assertThat(h.rooms.size()).isZero();
    }

    @Test
    void anOccupiedRoomIsNeverForgottenHoweverIdle() {
        h.join(ann, "lobby");
        Room room = h.room("lobby");

        h.rooms.evictIdle(room.lastActivityNanos() + 1_000 * TTL.toNanos());

        assertThat(h.rooms.find("lobby")).isSameAs(room);
        assertThat(room.isRetired()).isFalse();
    }

    @Test
    void onlyTheIdleEmptyRoomsAreForgotten() {
        long t = System.nanoTime();
        h.join(ann, "busy");
        h.join(bob, "quiet");
        h.join(bob, "fresh");
        h.chat.leave(bob, "quiet");
        h.chat.leave(bob, "fresh");
        h.room("busy").touch(t);
        h.room("quiet").touch(t);
        h.room("fresh").touch(t + TimeUnit.SECONDS.toNanos(1));

        h.rooms.evictIdle(t + TTL.toNanos());

        assertThat(h.rooms.find("busy")).as("occupied").isNotNull();
        assertThat(h.rooms.find("quiet")).as("empty and idle for the TTL").isNull();
        assertThat(h.rooms.find("fresh")).as("empty, but idle for a second less").isNotNull();
        assertThat(h.rooms.size()).isEqualTo(2);
    }

    @Test
    void aForgottenRoomComesBackEmptyWithItsSequenceRestarted() {
        h.join(ann, "lobby");
        h.sayMany(ann, "lobby", 3);
        h.chat.leave(ann, "lobby");
        h.rooms.evictIdle(h.room("lobby").lastActivityNanos() + TTL.toNanos());

        JoinResult joined = h.join(ann, "lobby");

        assertThat(joined.seq()).isZero();
        assertThat(joined.history()).isEmpty();
    }

    @Test
    void aJoinThatRacesAnEvictionLandsInALiveRoom() throws Exception {
        h.join(bob, "warm-up"); // load and initialise everything the joiner touches
        Room doomed = h.rooms.getOrCreate("lobby", System.nanoTime());
        AtomicReference<JoinResult> joined = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread joiner = new Thread(() -> {
            try {
                h.chat.join(ann, "lobby", null, joined::set);
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "joiner");

        synchronized (doomed) {
            // The joiner finds the doomed room in the registry, then waits for its lock, which we
            // hold while the janitor (re-entrantly, on this thread) evicts the room.
            joiner.start();
            awaitBlocked(joiner);
            h.rooms.evictIdle(doomed.lastActivityNanos() + TTL.toNanos());
            assertThat(doomed.isRetired()).isTrue();
            assertThat(h.rooms.find("lobby")).isNull();
        }
        joiner.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(joiner.isAlive()).isFalse();
        assertThat(failed.get()).isNull();
        Room live = h.room("lobby");
        assertThat(live).isNotSameAs(doomed);
        assertThat(live.isRetired()).isFalse();
        assertThat(live.contains(ann)).isTrue();
        assertThat(doomed.size()).as("nobody joined the retired room").isZero();
        assertThat(joined.get().count()).isEqualTo(1);
        assertThat(h.relay.presence("lobby")).extracting(RoomEvent.Presence::event).containsExactly(PresenceEvent.JOIN);
        assertThat(h.rooms.size()).as("warm-up and the live lobby").isEqualTo(2);
    }

    private static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.BLOCKED) {
            assertThat(System.nanoTime()).as("joiner blocked on the room's lock in time").isLessThan(deadline);
            assertThat(thread.getState()).as("joiner still running").isNotEqualTo(Thread.State.TERMINATED);
            Thread.sleep(1);
        }
    }
}
