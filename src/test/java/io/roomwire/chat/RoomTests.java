package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A room's own bookkeeping: members by identity, the roster, and the danmaku budget on a manual clock. */
class RoomTests {

    private static final long T0 = 42_000_000_000L;

    private final TestMember ann = TestMember.named("ann");
    private final TestMember bob = TestMember.named("bob");
    private final TestMember cat = TestMember.named("cat");

    @Test
    void changesRequireTheRoomsLock() {
        Room room = new Room("lobby", 10, 5, T0);

        assertThatIllegalStateException().isThrownBy(() -> room.add(ann)).withMessageContaining("lock");
        assertThat(room.members()).isEmpty();
    }

    @Test
    void membersAreAddedAndRemovedByIdentityKeepingJoinOrder() {
        Room room = new Room("lobby", 10, 5, T0);
        synchronized (room) {
            membersAreAddedAndRemoved(room);
        }
    }

    private void membersAreAddedAndRemoved(Room room) {
        room.add(ann);
        room.add(bob);
        room.add(cat);

        assertThat(room.remove(TestMember.named("bob"))).as("an equal-looking member is another connection").isFalse();
        assertThat(room.remove(bob)).isTrue();
        assertThat(room.remove(bob)).isFalse();
        assertThat(room.members()).containsExactly(ann, cat);
        assertThat(room.roster(10)).containsExactly(ann.user(), cat.user());
        assertThat(room.roster(1)).containsExactly(ann.user());
        assertThat(room.roster(0)).isEmpty();
    }

    @Test
    void aMembersSnapshotIsNotChangedByLaterJoins() {
        Room room = new Room("lobby", 10, 5, T0);
        Member[] snapshot;
        synchronized (room) {
            room.add(ann);
            snapshot = room.members();
            room.add(bob);
        }

        assertThat(snapshot).containsExactly(ann);
        assertThat(room.members()).containsExactly(ann, bob);
    }

    @Test
    void theDanmakuBudgetIsPerSecondWithAOneSecondBurst() {
        Room room = new Room("lobby", 10, 3, T0);

        assertThat(room.takeDanmakuToken(T0)).isTrue();
        assertThat(room.takeDanmakuToken(T0)).isTrue();
        assertThat(room.takeDanmakuToken(T0)).isTrue();
        assertThat(room.takeDanmakuToken(T0)).isFalse();
        assertThat(room.danmakuRefused()).isEqualTo(1);

        long third = TimeUnit.MILLISECONDS.toNanos(334); // a third of a second and a bit
        assertThat(room.takeDanmakuToken(T0 + third)).isTrue();
        assertThat(room.takeDanmakuToken(T0 + third)).isFalse();
        assertThat(room.danmakuRefused()).isEqualTo(2);
    }
}
