package io.roomwire.chat;

import static io.roomwire.chat.ChatHarness.range;
import static io.roomwire.chat.ChatHarness.refusal;
import static io.roomwire.chat.ChatHarness.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Posting chat and danmaku, history pages, recovery with {@code join} + {@code since}, and typing
 * (docs/protocol.md {@code send}, {@code message}, {@code history}, {@code typing}, Delivery).
 */
class ChatServicePostTests {

    private static final String EMOJI = "\ud83d\ude00"; // one code point, two UTF-16 chars

    private final TestMember ann = TestMember.named("ann");
    private final TestMember bob = TestMember.named("bob");
    private final TestMember eve = TestMember.named("eve");

    @Nested
    class Chat {

        private final ChatHarness h = new ChatHarness();

        @Test
        void chatIsNumberedFromOneWithoutGapsStoredAndPublishedToTheRoom() {
            h.join(ann, "lobby");
            h.join(bob, "lobby");
            h.relay.clear();

            ChatMessage first = h.say(ann, "lobby", "hi");
            ChatMessage second = h.say(bob, "lobby", "hello");
            ChatMessage third = h.say(ann, "lobby", "how are you");

            assertThat(seqs(List.of(first, second, third))).containsExactly(1L, 2L, 3L);
            assertThat(second.room()).isEqualTo("lobby");
            assertThat(second.kind()).isEqualTo(MessageKind.CHAT);
            assertThat(second.from()).isEqualTo(bob.user());
            assertThat(second.ts()).isPositive();
            assertThat(h.relay.events()).as("published to everyone, sender included (no except)").containsExactly(
                    new RoomEvent.Posted(first), new RoomEvent.Posted(second), new RoomEvent.Posted(third));
            assertThat(h.relay.events()).allSatisfy(e -> assertThat(e.except()).isNull());
            assertThat(h.room("lobby").latestSeq()).isEqualTo(3);
            assertThat(h.chat.history(ann, "lobby", null, null)).containsExactly(first, second, third);
        }

        @Test
        void eachRoomHasItsOwnSequence() {
            h.join(ann, "one");
            h.join(ann, "two");

            h.sayMany(ann, "one", 3);

            assertThat(h.say(ann, "two", "first in two").seq()).isEqualTo(1);
            assertThat(h.say(ann, "one", "fourth in one").seq()).isEqualTo(4);
        }

        @Test
        void textIsTrimmed() {
            h.join(ann, "lobby");

            assertThat(h.say(ann, "lobby", " \t hi there \n ").text()).isEqualTo("hi there");
        }

        @ParameterizedTest(name = "text [{0}] is bad_request")
        @NullSource
        @ValueSource(strings = {"", " ", "\n\t ", "\u2003"})
        void emptyTextAfterTrimmingIsRefused(String text) {
            h.join(ann, "lobby");
            h.relay.clear();

            assertThat(refusal(() -> h.say(ann, "lobby", text))).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(h.relay.events()).isEmpty();
            assertThat(h.say(ann, "lobby", "next").seq()).as("a refused post takes no seq").isEqualTo(1);
        }

        @Test
        void exactlyTheMaximumLengthIsAcceptedAndOneMoreIsTooLong() {
            h.join(ann, "lobby");
            int max = h.properties.maxTextLength();
            assertThat(max).as("the documented default").isEqualTo(2000);

            assertThat(h.say(ann, "lobby", "x".repeat(max)).text()).hasSize(max);
            assertThat(refusal(() -> h.say(ann, "lobby", "x".repeat(max + 1)))).isEqualTo(ErrorCode.TOO_LONG);
        }

        @Test
        void lengthIsCountedInCodePointsSoAnEmojiIsOneCharacter() {
            h.join(ann, "lobby");
            int max = h.properties.maxTextLength();

            ChatMessage emojis = h.say(ann, "lobby", EMOJI.repeat(max));

            assertThat(emojis.text()).hasSize(2 * max); // UTF-16 units
            assertThat(refusal(() -> h.say(ann, "lobby", EMOJI.repeat(max + 1)))).isEqualTo(ErrorCode.TOO_LONG);
            assertThat(refusal(() -> h.say(ann, "lobby", "x".repeat(max - 1) + EMOJI + EMOJI)))
                    .isEqualTo(ErrorCode.TOO_LONG);
        }

        @Test
        void surroundingWhitespaceDoesNotCountTowardsTheLimit() {
            h.join(ann, "lobby");
            int max = h.properties.maxTextLength();

            assertThat(h.say(ann, "lobby", "  " + "x".repeat(max) + "\n").text()).hasSize(max);
        }

        @Test
        void metaIsKeptAsGiven() {
            h.join(ann, "lobby");

            ChatMessage m = h.chat.post(ann, "lobby", "hi", MessageKind.CHAT, Map.of("lang", "en"));

            assertThat(m.meta()).containsExactly(Map.entry("lang", "en"));
            assertThat(h.chat.post(ann, "lobby", "hi", MessageKind.CHAT, null).meta()).isEmpty();
        }

        @Test
        void onlyMembersMayPost() {
            h.join(ann, "lobby");

            assertThat(refusal(() -> h.say(eve, "lobby", "let me in"))).isEqualTo(ErrorCode.NOT_MEMBER);
            assertThat(refusal(() -> h.say(eve, "nowhere", "hello?"))).isEqualTo(ErrorCode.NOT_MEMBER);
            h.join(bob, "lobby");
            h.chat.leave(bob, "lobby");
            assertThat(refusal(() -> h.say(bob, "lobby", "after leaving"))).isEqualTo(ErrorCode.NOT_MEMBER);
            assertThat(refusal(() -> h.say(ann, "bad name", "hi"))).isEqualTo(ErrorCode.INVALID_ROOM);
            assertThat(h.room("lobby").latestSeq()).isZero();
        }

        @Test
        void aMemberOverItsChatBudgetIsRateLimited() {
            // burst 3 and a refill far slower than the test: the 4th chat is refused
            ChatProperties.Flood tight = new ChatProperties.Flood(0.001, 3, 0.001, 2, 0.001, 1, 30,
                    Duration.ofSeconds(10));
            TestMember fast = TestMember.named("fast", tight);
            h.join(fast, "lobby");
            h.join(ann, "lobby");
            h.sayMany(fast, "lobby", 3);
            h.relay.clear();

            assertThat(refusal(() -> h.say(fast, "lobby", "one too many"))).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(h.relay.events()).isEmpty();
            assertThat(h.say(ann, "lobby", "others are not limited").seq()).as("no seq was used").isEqualTo(4);
            assertThat(h.danmaku(fast, "lobby", "danmaku has its own budget").seq()).isZero();
            h.chat.typing(fast, "lobby");
            assertThat(refusal(() -> h.chat.typing(fast, "lobby"))).as("typing burst 1").isEqualTo(ErrorCode.RATE_LIMITED);
        }
    }

    @Nested
    class Danmaku {

        private final ChatHarness h = new ChatHarness();

        @Test
        void danmakuIsLiveOnlyWithSeqZeroAndNeverInHistory() {
            h.join(ann, "lobby");
            h.say(ann, "lobby", "chat 1");
            h.relay.clear();

            ChatMessage d = h.danmaku(ann, "lobby", "  wow  ");

            assertThat(d.seq()).isZero();
            assertThat(d.kind()).isEqualTo(MessageKind.DANMAKU);
            assertThat(d.text()).isEqualTo("wow");
            assertThat(d.meta()).containsEntry("color", "#ff0000");
            assertThat(h.relay.events()).containsExactly(new RoomEvent.Posted(d));
            assertThat(h.room("lobby").latestSeq()).isEqualTo(1);
            assertThat(h.chat.history(ann, "lobby", null, null)).extracting(ChatMessage::text).containsExactly("chat 1");
            assertThat(h.say(ann, "lobby", "chat 2").seq()).as("chat numbering ignores danmaku").isEqualTo(2);
        }

        @Test
        void danmakuHasItsOwnLengthLimitInCodePoints() {
            h.join(ann, "lobby");
            int max = h.properties.maxDanmakuLength();
            assertThat(max).as("the documented default").isEqualTo(100);

            assertThat(h.danmaku(ann, "lobby", "d".repeat(max)).text()).hasSize(max);
            assertThat(h.danmaku(ann, "lobby", EMOJI.repeat(max)).text()).hasSize(2 * max);
            assertThat(refusal(() -> h.danmaku(ann, "lobby", "d".repeat(max + 1)))).isEqualTo(ErrorCode.TOO_LONG);
            assertThat(refusal(() -> h.danmaku(ann, "lobby", EMOJI.repeat(max + 1)))).isEqualTo(ErrorCode.TOO_LONG);
            assertThat(h.say(ann, "lobby", "c".repeat(max + 1)).seq()).as("chat is allowed longer").isEqualTo(1);
        }

        @Test
        void aRoomOverItsDanmakuBudgetIsBusyForEveryMember() {
            // one danmaku per second per room: the second, from another member, comes well within it
            ChatHarness h = new ChatHarness(TestProperties.with().danmakuPerSecond(1).build());
            h.join(ann, "lobby");
            h.join(bob, "lobby");
            h.danmaku(ann, "lobby", "first");
            h.relay.clear();

            assertThat(refusal(() -> h.danmaku(bob, "lobby", "second"))).isEqualTo(ErrorCode.ROOM_BUSY);

            assertThat(h.relay.events()).isEmpty();
            assertThat(h.room("lobby").danmakuRefused()).isEqualTo(1);
            assertThat(h.say(bob, "lobby", "chat is never refused for the danmaku budget").seq()).isEqualTo(1);
        }
    }

    @Nested
    class HistoryPages {

        private final ChatHarness h = new ChatHarness();

        HistoryPages() {
            h.join(ann, "lobby");
            h.sayMany(ann, "lobby", 250);
        }

        @Test
        void theDefaultPageIsTheLatestFifty() {
            assertThat(seqs(h.chat.history(ann, "lobby", null, null))).isEqualTo(range(201, 250));
        }

        @Test
        void aPageBeforeASeqEndsJustBelowIt() {
            assertThat(seqs(h.chat.history(ann, "lobby", 101L, 10))).isEqualTo(range(91, 100));
            assertThat(seqs(h.chat.history(ann, "lobby", 3L, 10))).containsExactly(1L, 2L);
            assertThat(h.chat.history(ann, "lobby", 1L, 10)).isEmpty();
            assertThat(seqs(h.chat.history(ann, "lobby", 1_000L, 1))).as("past the latest").containsExactly(250L);
        }

        @Test
        void twoHundredIsTheLargestPage() {
            assertThat(seqs(h.chat.history(ann, "lobby", null, 200))).isEqualTo(range(51, 250));
            assertThat(seqs(h.chat.history(ann, "lobby", null, 1))).containsExactly(250L);
        }

        @ParameterizedTest(name = "limit {0} is bad_request")
        @ValueSource(ints = {0, -1, 201, Integer.MAX_VALUE})
        void limitsOutsideOneToTwoHundredAreRefused(int limit) {
            assertThat(refusal(() -> h.chat.history(ann, "lobby", null, limit))).isEqualTo(ErrorCode.BAD_REQUEST);
        }

        @ParameterizedTest(name = "before {0} is bad_request")
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void beforeMustBeAPositiveSeq(long before) {
            assertThat(refusal(() -> h.chat.history(ann, "lobby", before, 10))).isEqualTo(ErrorCode.BAD_REQUEST);
        }

        @Test
        void onlyMembersMayReadHistory() {
            assertThat(refusal(() -> h.chat.history(eve, "lobby", null, null))).isEqualTo(ErrorCode.NOT_MEMBER);
            assertThat(refusal(() -> h.chat.history(ann, "elsewhere", null, null))).isEqualTo(ErrorCode.NOT_MEMBER);
        }
    }

    @Nested
    class Recovery {

        private final ChatHarness h = new ChatHarness(TestProperties.with().historySize(10).joinHistory(3).build());

        Recovery() {
            h.join(ann, "lobby");
        }

        @Test
        void joinWithSinceReplaysExactlyTheMissedMessages() {
            h.sayMany(ann, "lobby", 5);

            JoinResult joined = h.join(bob, "lobby", 2L);

            assertThat(joined.recovered()).isTrue();
            assertThat(seqs(joined.history())).containsExactly(3L, 4L, 5L);
            assertThat(joined.history()).extracting(ChatMessage::text).containsExactly("m3", "m4", "m5");
            assertThat(joined.seq()).isEqualTo(5);
        }

        @Test
        void recoveryMayReplayMoreThanJoinHistory() {
            h.sayMany(ann, "lobby", 8);

            JoinResult joined = h.join(bob, "lobby", 0L);

            assertThat(joined.recovered()).isTrue();
            assertThat(seqs(joined.history())).isEqualTo(range(1, 8));
        }

        @Test
        void theOldestHeldMessageIsStillRecoverable() {
            h.sayMany(ann, "lobby", 25); // holds 16..25

            JoinResult joined = h.join(bob, "lobby", 15L);

            assertThat(joined.recovered()).isTrue();
            assertThat(seqs(joined.history())).isEqualTo(range(16, 25));
        }

        @Test
        void aGapOlderThanTheRingIsNotRecoveredAndTheLatestAreSentInstead() {
            h.sayMany(ann, "lobby", 25); // holds 16..25

            JoinResult joined = h.join(bob, "lobby", 14L);

            assertThat(joined.recovered()).as("seq 15 is gone").isFalse();
            assertThat(seqs(joined.history())).as("the latest joinHistory").containsExactly(23L, 24L, 25L);
        }

        @Test
        void sinceAtTheLatestReplaysNothingAndIsRecovered() {
            h.sayMany(ann, "lobby", 5);

            JoinResult joined = h.join(bob, "lobby", 5L);

            assertThat(joined.recovered()).isTrue();
            assertThat(joined.history()).isEmpty();
            assertThat(joined.seq()).isEqualTo(5);
        }

        @ParameterizedTest(name = "since {0} with latest 5: the room does not have what the client saw")
        @ValueSource(longs = {6, 1_000})
        void sinceBeyondTheLatestIsNotRecoveredAndGetsTheLatestHistory(long since) {
            // e.g. the room was forgotten and started again at seq 1: claiming recovery would hide that
            h.sayMany(ann, "lobby", 5);

            JoinResult joined = h.join(bob, "lobby", since);

            assertThat(joined.recovered()).isFalse();
            assertThat(seqs(joined.history())).as("the latest joinHistory").containsExactly(3L, 4L, 5L);
            assertThat(joined.seq()).isEqualTo(5);
        }

        @Test
        void aMemberRejoiningWithSinceRecoversWithoutAnotherPresenceEvent() {
            h.sayMany(ann, "lobby", 4);
            h.relay.clear();

            JoinResult again = h.join(ann, "lobby", 3L);

            assertThat(again.recovered()).isTrue();
            assertThat(seqs(again.history())).containsExactly(4L);
            assertThat(h.relay.events()).isEmpty();
        }
    }

    @Nested
    class Typing {

        private final ChatHarness h = new ChatHarness();

        @Test
        void typingGoesToTheOthersOnlyAndIsNotStored() {
            h.join(ann, "lobby");
            h.join(bob, "lobby");
            h.relay.clear();

            h.chat.typing(ann, "lobby");

            assertThat(h.relay.events()).containsExactly(new RoomEvent.Typing("lobby", ann.user(), ann.id()));
            assertThat(h.relay.events().getFirst().except()).isEqualTo(ann.id());
            assertThat(h.room("lobby").latestSeq()).isZero();
            assertThat(h.chat.history(bob, "lobby", null, null)).isEmpty();
        }

        @Test
        void onlyMembersMayType() {
            h.join(ann, "lobby");
            h.relay.clear();

            assertThat(refusal(() -> h.chat.typing(eve, "lobby"))).isEqualTo(ErrorCode.NOT_MEMBER);
            assertThat(refusal(() -> h.chat.typing(eve, "nowhere"))).isEqualTo(ErrorCode.NOT_MEMBER);
            assertThat(refusal(() -> h.chat.typing(eve, "no/where"))).isEqualTo(ErrorCode.INVALID_ROOM);
            assertThat(h.relay.events()).isEmpty();
        }
    }
}
