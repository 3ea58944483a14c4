package io.roomwire.chat;

import static io.roomwire.chat.ChatHarness.refusal;
import static io.roomwire.chat.ChatHarness.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joining and leaving rooms (docs/protocol.md {@code join}, {@code joined}, {@code leave},
 * {@code presence}) and the limits that refuse a join. Posting, history and typing are in
 * {@link ChatServicePostTests}.
 */
class ChatServiceTests {

    private final TestMember ann = TestMember.named("ann");
    private final TestMember bob = TestMember.named("bob");
    private final TestMember cat = TestMember.named("cat");

    @Nested
    class Joining {

        private final ChatHarness h = new ChatHarness();

        @Test
        void theFirstJoinCreatesTheRoom() {
            assertThat(h.rooms.find("lobby")).isNull();

            JoinResult joined = h.join(ann, "lobby");

            assertThat(h.room("lobby").contains(ann)).isTrue();
            assertThat(h.rooms.size()).isEqualTo(1);
            assertThat(joined.room()).isEqualTo("lobby");
            assertThat(joined.seq()).as("no message yet").isZero();
            assertThat(joined.count()).isEqualTo(1);
            assertThat(joined.members()).containsExactly(ann.user());
            assertThat(joined.history()).isEmpty();
            assertThat(joined.recovered()).as("no since given").isFalse();
        }

        @Test
        void joinedCarriesTheLatestSeqTheCountTheRosterAndTheLatestHistory() {
            ChatHarness h = new ChatHarness(TestProperties.with().joinHistory(3).build());
            h.join(ann, "lobby");
            h.join(bob, "lobby");
            h.sayMany(ann, "lobby", 5);

            JoinResult joined = h.join(cat, "lobby");

            assertThat(joined.seq()).isEqualTo(5);
            assertThat(joined.count()).isEqualTo(3);
            assertThat(joined.members()).containsExactly(ann.user(), bob.user(), cat.user());
            assertThat(seqs(joined.history())).as("the latest joinHistory, oldest first").containsExactly(3L, 4L, 5L);
            assertThat(joined.history()).extracting(ChatMessage::text).containsExactly("m3", "m4", "m5");
        }

        @Test
        void theRosterOfABigRoomListsTheFirstRosterLimitMembers() {
            ChatHarness h = new ChatHarness(TestProperties.with().rosterLimit(2).build());
            h.join(ann, "lobby");
            h.join(bob, "lobby");

            JoinResult joined = h.join(cat, "lobby");

            assertThat(joined.count()).as("the count is the whole room").isEqualTo(3);
            assertThat(joined.members()).containsExactly(ann.user(), bob.user());
        }

        @Test
        void joiningAgainIsIdempotent() {
            h.join(ann, "lobby");
            h.join(bob, "lobby");
            h.relay.clear();

            JoinResult again = h.join(ann, "lobby");

            assertThat(again.count()).isEqualTo(2);
            assertThat(again.members()).containsExactly(ann.user(), bob.user());
            assertThat(h.room("lobby").size()).isEqualTo(2);
            assertThat(h.relay.events()).as("no second presence event").isEmpty();
        }

        @Test
        void theSameUserOnTwoConnectionsIsTwoMembers() {
            TestMember annPhone = new TestMember("c-ann-phone", ann.user(), ann.flood());
            h.join(ann, "lobby");

            JoinResult joined = h.join(annPhone, "lobby");

            assertThat(joined.count()).isEqualTo(2);
        }

        @ParameterizedTest(name = "room name \"{0}\" is invalid_room")
        @NullSource
        @ValueSource(strings = {"", " ", "lobby ", "with space", "slash/room", "colon:room", "h\u00e9llo", "\u6c34",
                "tab\t", "emoji\ud83d\ude00"})
        void invalidRoomNamesAreRefused(String name) {
            assertThat(refusal(() -> h.join(ann, name))).isEqualTo(ErrorCode.INVALID_ROOM);
            assertThat(h.rooms.size()).as("no room created").isZero();
            assertThat(h.relay.events()).isEmpty();
        }

        @ParameterizedTest(name = "room name \"{0}\" is valid")
        @ValueSource(strings = {"a", "Lobby_1", "v1.2-beta", "...", "-_-", "0"})
        void roomNamesOfAllowedCharactersAreAccepted(String name) {
            assertThat(h.join(ann, name).room()).isEqualTo(name);
        }

        @Test
        void sixtyFourCharactersIsTheLongestRoomName() {
            String longest = "r".repeat(63) + "9";
            String tooLong = longest + "x";

            assertThat(h.join(ann, longest).room()).isEqualTo(longest);
            assertThat(refusal(() -> h.join(ann, tooLong))).isEqualTo(ErrorCode.INVALID_ROOM);
            assertThat(h.rooms.size()).isEqualTo(1);
        }
    }

    @Nested
    class Limits {

        @Test
        void theLastAllowedMemberJoinsAndTheNextIsRefusedRoomFull() {
            ChatHarness h = new ChatHarness(TestProperties.with().maxMembersPerRoom(2).build());
            h.join(ann, "lobby");

            assertThat(h.join(bob, "lobby").count()).as("member 2 of 2").isEqualTo(2);
            h.relay.clear();
            assertThat(refusal(() -> h.join(cat, "lobby"))).isEqualTo(ErrorCode.ROOM_FULL);

            assertThat(h.room("lobby").contains(cat)).isFalse();
            assertThat(h.room("lobby").size()).isEqualTo(2);
            assertThat(h.relay.events()).as("a refused join announces nothing").isEmpty();
        }

        @Test
        void aFullRoomStillLetsAMemberRejoinAndTakesNewcomersOnceSomeoneLeaves() {
            ChatHarness h = new ChatHarness(TestProperties.with().maxMembersPerRoom(2).build());
            h.join(ann, "lobby");
            h.join(bob, "lobby");

            assertThat(h.join(ann, "lobby").count()).as("re-join of a member").isEqualTo(2);
            h.chat.leave(bob, "lobby");
            assertThat(h.join(cat, "lobby").count()).isEqualTo(2);
        }

        @Test
        void theLastAllowedRoomIsCreatedAndTheNextIsRefusedServerFull() {
            ChatHarness h = new ChatHarness(TestProperties.with().maxRooms(2).build());
            h.join(ann, "one");
            h.join(ann, "two");

            assertThat(refusal(() -> h.join(ann, "three"))).isEqualTo(ErrorCode.SERVER_FULL);

            assertThat(h.rooms.size()).isEqualTo(2);
            assertThat(h.rooms.find("three")).isNull();
            assertThat(h.join(bob, "two").count()).as("existing rooms still take members").isEqualTo(2);
        }

        @Test
        void anEvictedRoomFreesItsPlaceForANewOne() {
            ChatHarness h = new ChatHarness(TestProperties.with().maxRooms(1).build());
            h.join(ann, "one");
            h.chat.leave(ann, "one");
            h.rooms.evictIdle(System.nanoTime() + h.properties.roomIdleTtl().toNanos());

            assertThat(h.join(ann, "two").count()).isEqualTo(1);
            assertThat(h.rooms.size()).isEqualTo(1);
        }
    }

    @Nested
    class Leaving {

        private final ChatHarness h = new ChatHarness();

        @Test
        void leaveRemovesTheMemberOnceAndReportsWhetherItWasIn() {
            h.join(ann, "lobby");
            h.join(bob, "lobby");

            assertThat(h.chat.leave(ann, "lobby")).isTrue();
            assertThat(h.chat.leave(ann, "lobby")).as("already gone").isFalse();
            assertThat(h.chat.leave(cat, "lobby")).as("never joined").isFalse();
            assertThat(h.chat.leave(ann, "nowhere")).as("no such room").isFalse();

            assertThat(h.room("lobby").contains(ann)).isFalse();
            assertThat(h.room("lobby").size()).isEqualTo(1);
            assertThat(h.relay.presence("lobby")).extracting(RoomEvent.Presence::event)
                    .as("one join each, one leave").containsExactly(PresenceEvent.JOIN, PresenceEvent.JOIN, PresenceEvent.LEAVE);
        }

        @Test
        void theLastMemberLeavingKeepsTheRoomAndItsHistoryUntilEvicted() {
            h.join(ann, "lobby");
            h.say(ann, "lobby", "hello");
            h.chat.leave(ann, "lobby");

            JoinResult back = h.join(ann, "lobby");

            assertThat(back.seq()).isEqualTo(1);
            assertThat(back.history()).extracting(ChatMessage::text).containsExactly("hello");
        }
    }

    @Nested
    class Presence {

        @Test
        void joinsAndLeavesAreAnnouncedOnceToEveryoneButTheMemberConcerned() {
            ChatHarness h = new ChatHarness();
            h.join(ann, "lobby");
            h.join(bob, "lobby");
            h.join(ann, "lobby"); // idempotent: no event
            h.chat.leave(ann, "lobby");
            h.chat.leave(ann, "lobby"); // not a member any more: no event
            h.chat.leave(bob, "lobby");

            assertThat(h.relay.events()).containsExactly(
                    new RoomEvent.Presence("lobby", PresenceEvent.JOIN, ann.user(), 1, ann.id()),
                    new RoomEvent.Presence("lobby", PresenceEvent.JOIN, bob.user(), 2, bob.id()),
                    new RoomEvent.Presence("lobby", PresenceEvent.LEAVE, ann.user(), 1, ann.id()),
                    new RoomEvent.Presence("lobby", PresenceEvent.LEAVE, bob.user(), 0, bob.id()));
        }

        @Test
        void presenceIsPerRoom() {
            ChatHarness h = new ChatHarness();
            h.join(ann, "one");
            h.join(ann, "two");

            assertThat(h.relay.presence("one")).extracting(RoomEvent.Presence::count).containsExactly(1);
            assertThat(h.relay.presence("two")).extracting(RoomEvent.Presence::count).containsExactly(1);
        }

        @Test
        void aboveTheLimitMembersAreCountedNotAnnouncedAndCountsResumeEventsOnTheWayBack() {
            ChatHarness h = new ChatHarness(TestProperties.with().presenceEventLimit(2).build());
            TestMember dan = TestMember.named("dan");
            List<RoomEvent> expected = new ArrayList<>();

            h.join(ann, "lobby");
            h.join(bob, "lobby"); // 2: at the limit, still announced
            expected.add(new RoomEvent.Presence("lobby", PresenceEvent.JOIN, ann.user(), 1, ann.id()));
            expected.add(new RoomEvent.Presence("lobby", PresenceEvent.JOIN, bob.user(), 2, bob.id()));
            h.chat.publishCounts();
            assertThat(h.relay.events()).as("a small room gets no count events").isEqualTo(expected);

            h.join(cat, "lobby"); // 3: above the limit
            assertThat(h.relay.events()).as("no per-member event above the limit").isEqualTo(expected);
            h.chat.publishCounts();
            expected.add(new RoomEvent.Presence("lobby", PresenceEvent.COUNT, null, 3, null));
            h.chat.publishCounts(); // unchanged: nothing
            assertThat(h.relay.events()).isEqualTo(expected);

            h.join(dan, "lobby"); // 4
            h.chat.leave(dan, "lobby"); // 3
            h.chat.publishCounts();
            assertThat(h.relay.events()).as("back to the published count: nothing to say").isEqualTo(expected);

            h.chat.leave(cat, "lobby"); // 2: back at the limit, but cat's join was never announced
            assertThat(h.relay.events()).isEqualTo(expected);
            h.chat.publishCounts();
            expected.add(new RoomEvent.Presence("lobby", PresenceEvent.COUNT, null, 2, null)); // the one final count
            h.chat.publishCounts();
            h.chat.publishCounts();
            assertThat(h.relay.events()).isEqualTo(expected);

            h.chat.leave(bob, "lobby"); // 1: per-member events again, and no more counts
            expected.add(new RoomEvent.Presence("lobby", PresenceEvent.LEAVE, bob.user(), 1, bob.id()));
            h.chat.publishCounts();
            assertThat(h.relay.events()).isEqualTo(expected);
            h.join(cat, "lobby"); // 2
            expected.add(new RoomEvent.Presence("lobby", PresenceEvent.JOIN, cat.user(), 2, cat.id()));
            h.chat.publishCounts();
            assertThat(h.relay.events()).isEqualTo(expected);
        }

        @Test
        void countEventsGoOnlyToRoomsAboveTheLimit() {
            ChatHarness h = new ChatHarness(TestProperties.with().presenceEventLimit(1).build());
            h.join(ann, "big");
            h.join(bob, "big");
            h.join(cat, "small");
            h.relay.clear();

            h.chat.publishCounts();

            assertThat(h.relay.events()).containsExactly(new RoomEvent.Presence("big", PresenceEvent.COUNT, null, 2, null));
        }

        @Test
        void withALimitOfZeroEveryNonEmptyRoomIsCounted() {
            ChatHarness h = new ChatHarness(TestProperties.with().presenceEventLimit(0).build());
            h.join(ann, "lobby");
            assertThat(h.relay.events()).isEmpty();

            h.chat.publishCounts();
            h.chat.leave(ann, "lobby");
            h.chat.publishCounts();

            assertThat(h.relay.presence("lobby")).extracting(RoomEvent.Presence::event, RoomEvent.Presence::count)
                    .containsExactly(tuple(PresenceEvent.COUNT, 1), tuple(PresenceEvent.COUNT, 0));
        }
    }
}
