package io.roomwire.chat;

import static io.roomwire.chat.ChatHarness.range;
import static io.roomwire.chat.ChatHarness.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * History is a ring of the last {@code capacity} chat messages, indexed by seq: what it holds, how
 * {@code since} (recovery) knows whether it still reaches back, and how {@code before} pages.
 */
class HistoryTests {

    private static final User ANN = new User("u-ann", "ann", null);

    private static ChatMessage message(long seq) {
        return new ChatMessage("lobby", seq, MessageKind.CHAT, "m" + seq, Map.of(), ANN, 1_000 + seq);
    }

    /** A history of the given capacity holding messages 1..latest (the last {@code capacity} of them). */
    private static History historyUpTo(int capacity, long latest) {
        History history = new History(capacity);
        for (long seq = 1; seq <= latest; seq++) {
            history.append(message(seq));
        }
        return history;
    }

    @Test
    void emptyHistoryHoldsNothingAndReachesBackToTheStart() {
        History history = new History(4);

        assertThat(history.latest()).isZero();
        assertThat(history.size()).isZero();
        assertThat(history.oldest()).as("latest + 1 when empty").isEqualTo(1);
        assertThat(history.latest(10)).isEmpty();
        assertThat(history.before(1, 10)).isEmpty();
        assertThat(history.since(0)).as("a client that saw nothing misses nothing").isEmpty();
    }

    @Test
    void belowCapacityEverythingIsHeldOldestFirst() {
        History history = historyUpTo(4, 3);

        assertThat(history.size()).isEqualTo(3);
        assertThat(history.oldest()).isEqualTo(1);
        assertThat(seqs(history.latest(10))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(history.since(0))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void exactlyAtCapacityTheFirstMessageIsStillHeld() {
        History history = historyUpTo(4, 4);

        assertThat(history.size()).isEqualTo(4);
        assertThat(history.oldest()).isEqualTo(1);
        assertThat(seqs(history.latest(4))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(history.since(0))).as("still reaches back to seq 1").containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void onePastCapacityTheFirstMessageIsOverwritten() {
        History history = historyUpTo(4, 5);

        assertThat(history.size()).isEqualTo(4);
        assertThat(history.oldest()).isEqualTo(2);
        assertThat(seqs(history.latest(10))).containsExactly(2L, 3L, 4L, 5L);
        assertThat(history.since(0)).as("seq 1 is gone").isNull();
        assertThat(seqs(history.since(1))).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void afterManyWrapsEachSlotHoldsTheMessageWithItsOwnSeq() {
        History history = new History(4);
        List<ChatMessage> appended = new ArrayList<>();
        for (long seq = 1; seq <= 11; seq++) {
            ChatMessage m = message(seq);
            appended.add(m);
            history.append(m);
        }

        List<ChatMessage> held = history.latest(4);
        assertThat(seqs(held)).containsExactly(8L, 9L, 10L, 11L);
        for (ChatMessage m : held) {
            assertThat(m).as("slot of seq " + m.seq()).isSameAs(appended.get((int) m.seq() - 1));
        }
        assertThat(history.size()).isEqualTo(4);
        assertThat(history.oldest()).isEqualTo(8);
        assertThat(history.latest()).isEqualTo(11);
    }

    @Test
    void latestReturnsAtMostLimitOfTheNewest() {
        History history = historyUpTo(10, 25);

        assertThat(seqs(history.latest(3))).containsExactly(23L, 24L, 25L);
        assertThat(seqs(history.latest(1))).containsExactly(25L);
        assertThat(history.latest(0)).isEmpty();
        assertThat(seqs(history.latest(1000))).as("never more than is held").isEqualTo(range(16, 25));
    }

    @ParameterizedTest(name = "capacity 4 holding 8..11: since({0}) = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0   | null
            6   | null
            7   | 8 9 10 11
            8   | 9 10 11
            10  | 11
            11  | ''
            12  | null
            """)
    void sinceReplaysExactlyWhatFollowsOrNullWhenTheRingCannotAnswer(long since, String expected) {
        History history = historyUpTo(4, 11);

        List<ChatMessage> replay = history.since(since);

        if (expected.equals("null")) {
            assertThat(replay).isNull();
        } else {
            assertThat(seqs(replay)).isEqualTo(parse(expected));
        }
    }

    @ParameterizedTest(name = "capacity 4 holding 8..11: before({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            12                  | 10 | 8 9 10 11
            12                  | 2  | 10 11
            9223372036854775807 | 2  | 10 11
            11                  | 10 | 8 9 10
            9                   | 10 | 8
            8                   | 10 | ''
            1                   | 10 | ''
            0                   | 10 | ''
            12                  | 0  | ''
            """)
    void beforeReturnsOnlyHeldMessagesBelowTheGivenSeq(long before, int limit, String expected) {
        History history = historyUpTo(4, 11);

        assertThat(seqs(history.before(before, limit))).isEqualTo(parse(expected));
    }

    @ParameterizedTest(name = "capacity {0}, {1} messages, pages of {2}")
    @CsvSource({
            "10, 23, 3",
            "10, 23, 1",
            "10, 23, 10",
            "10, 23, 50",
            "10, 7, 3",
            "4, 4, 2",
            "1000, 1000, 200",
    })
    void pagingBackWithBeforeVisitsEveryHeldMessageOnceWithNoGaps(int capacity, int messages, int limit) {
        History history = historyUpTo(capacity, messages);

        List<Long> visited = new ArrayList<>();
        List<ChatMessage> page = history.latest(limit);
        int pages = 0;
        while (!page.isEmpty()) {
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            assertThat(seqs(page)).as("each page is oldest first and contiguous")
                    .isEqualTo(range(page.getFirst().seq(), page.getLast().seq()));
            visited.addAll(0, seqs(page));
            page = history.before(page.getFirst().seq(), limit);
            pages++;
            assertThat(pages).as("paging terminates").isLessThanOrEqualTo(capacity + 1);
        }

        long oldest = Math.max(1, messages - capacity + 1);
        assertThat(visited).isEqualTo(range(oldest, messages));
    }

    private static List<Long> parse(String seqs) {
        return seqs.isBlank() ? List.of() : List.of(seqs.trim().split("\\s+")).stream().map(Long::valueOf).toList();
    }

    /** The ring starts at 16 slots and doubles to its capacity (16, 32, 64, then 100) without losing anything. */
    @ParameterizedTest
    @CsvSource({"15", "16", "17", "31", "32", "33", "64", "65", "99", "100", "101", "250"})
    void aGrowingRingHoldsTheLastCapacityMessagesAcrossEveryGrowth(long latest) {
        int capacity = 100;
        History history = new History(capacity);
        for (long seq = 1; seq <= latest; seq++) {
            history.append(message(seq));
            if (seq == 10) {
                assertThat(history.delete(3)).isTrue(); // a tombstone made before the ring grows
            }
        }

        long oldest = Math.max(1, latest - capacity + 1);
        assertThat(history.size()).isEqualTo((int) Math.min(latest, capacity));
        assertThat(history.oldest()).isEqualTo(oldest);
        assertThat(seqs(history.since(oldest - 1))).containsExactlyElementsOf(range(oldest, latest));
        assertThat(history.since(oldest - 1)).filteredOn(ChatMessage::deleted).extracting(ChatMessage::seq)
                .containsExactlyElementsOf(oldest <= 3 ? List.of(3L) : List.of());
    }
}
