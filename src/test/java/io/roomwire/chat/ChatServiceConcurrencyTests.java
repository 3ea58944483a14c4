package io.roomwire.chat;

import static io.roomwire.chat.ChatHarness.range;
import static io.roomwire.chat.ChatHarness.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ChatService is designed for any thread: each room's changes and publications happen under the
 * room's lock. Many threads working the same rooms at once must still give every room gap-free
 * seqs in publication order, balanced presence, consistent join results and right member counts.
 * The threads start together on a latch; every wait is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatServiceConcurrencyTests {

    private static final int THREADS = 8;
    private static final long WAIT_SECONDS = 30;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    /** What a join's callback saw, recorded in the same timeline as the room's events. */
    private record JoinedMark(String memberId, Long since, JoinResult result) {
    }

    /** Records room events and join marks in one order: the order they happened under the room locks. */
    private static final class TimelineRelay implements RoomRelay {
        final List<Object> timeline = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(RoomEvent event) {
            timeline.add(event);
        }

        @Override
        public void setListener(Listener listener) {
        }

        List<Object> of(String room) {
            synchronized (timeline) {
                return timeline.stream().filter(o -> switch (o) {
                    case RoomEvent e -> e.room().equals(room);
                    case JoinedMark m -> m.result().room().equals(room);
                    default -> false;
                }).toList();
            }
        }
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Runs the tasks together once all are ready and returns their results, failing on any error. */
    private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                assertThat(start.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("start gate").isTrue();
                return task.call();
            }));
        }
        assertThat(ready.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("all threads ready").isTrue();
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void eightThreadsPostingToOneRoomGetSeqsOneToNInPublicationOrder() throws Exception {
        ChatHarness h = new ChatHarness();
        int perThread = 500;
        List<TestMember> members = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            TestMember m = TestMember.named("poster" + t);
            members.add(m);
            h.join(m, "lobby");
        }

        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (TestMember m : members) {
            tasks.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    mine.add(h.say(m, "lobby", m.id() + " #" + i).seq());
                }
                return mine;
            });
        }
        List<List<Long>> returned = runTogether(tasks);

        int total = THREADS * perThread;
        assertThat(seqs(h.relay.posted("lobby"))).as("published seqs, in publication order").isEqualTo(range(1, total));
        List<Long> all = new ArrayList<>();
        for (List<Long> mine : returned) {
            assertThat(mine).as("one member's own posts").isSorted().doesNotHaveDuplicates();
            all.addAll(mine);
        }
        Collections.sort(all);
        assertThat(all).as("seqs handed back to the posters").isEqualTo(range(1, total));
        assertThat(h.room("lobby").latestSeq()).isEqualTo(total);
        for (ChatMessage m : h.relay.posted("lobby")) {
            assertThat(m.text()).as("seq %d", m.seq()).startsWith(
                    members.stream().filter(x -> x.user().equals(m.from())).findFirst().orElseThrow().id());
        }
    }

    @Test
    void eightThreadsJoiningLeavingPostingAndTypingKeepEveryRoomConsistent() throws Exception {
        List<String> roomNames = List.of("r0", "r1", "r2", "r3");
        ChatProperties properties = TestProperties.with().danmakuPerSecond(1_000_000).build();
        TimelineRelay relay = new TimelineRelay();
        RoomRegistry registry = new RoomRegistry(properties);
        ChatService chat = new ChatService(registry, new MemoryRoomStore(registry, relay, properties), properties,
                new RoomAccess(properties));

        /** What one thread did: chat and danmaku posted per room, and who it left in which room. */
        record Outcome(Map<String, Integer> chats, Map<String, Integer> danmaku, Map<String, Set<String>> inRooms) {
        }

        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                Random random = new Random(1_000 + thread); // a fixed script per thread
                List<TestMember> mine = List.of(TestMember.named("t" + thread + "a"),
                        TestMember.named("t" + thread + "b"), TestMember.named("t" + thread + "c"));
                Map<String, Integer> chats = new HashMap<>();
                Map<String, Integer> danmaku = new HashMap<>();
                Map<String, Set<String>> inRooms = new HashMap<>();
                Map<String, Long> lastSeen = new HashMap<>();
                for (int op = 0; op < 600; op++) {
                    TestMember m = mine.get(random.nextInt(mine.size()));
                    String room = roomNames.get(random.nextInt(roomNames.size()));
                    Set<String> rooms = inRooms.computeIfAbsent(m.id(), k -> new HashSet<>());
                    String key = m.id() + "@" + room;
                    int roll = random.nextInt(100);
                    if (!rooms.contains(room) || roll < 5) {
                        Long since = roll % 2 == 0 ? lastSeen.get(key) : null;
                        chat.join(m, room, since, r -> relay.timeline.add(new JoinedMark(m.id(), since, r)));
                        rooms.add(room);
                    } else if (roll < 55) {
                        lastSeen.put(key, chat.post(m, room, "hi", MessageKind.CHAT, Map.of()).seq());
                        chats.merge(room, 1, Integer::sum);
                    } else if (roll < 65) {
                        assertThat(chat.post(m, room, "wow", MessageKind.DANMAKU, Map.of()).seq()).isZero();
                        danmaku.merge(room, 1, Integer::sum);
                    } else if (roll < 75) {
                        chat.typing(m, room);
                    } else if (roll < 80) {
                        assertThat(chat.history(m, room, null, 20)).hasSizeLessThanOrEqualTo(20);
                    } else {
                        assertThat(chat.leave(m, room)).as("%s leaves %s", m.id(), room).isTrue();
                        rooms.remove(room);
                    }
                }
                return new Outcome(chats, danmaku, inRooms);
            });
        }
        List<Outcome> outcomes = runTogether(tasks);

        for (String room : roomNames) {
            int chats = outcomes.stream().mapToInt(o -> o.chats().getOrDefault(room, 0)).sum();
            int danmaku = outcomes.stream().mapToInt(o -> o.danmaku().getOrDefault(room, 0)).sum();
            Set<String> expectedMembers = new HashSet<>();
            for (Outcome o : outcomes) {
                o.inRooms().forEach((member, rooms) -> {
                    if (rooms.contains(room)) {
                        expectedMembers.add(member);
                    }
                });
            }
            assertRoomConsistent(room, relay.of(room), chats, danmaku, expectedMembers, registry.find(room));
        }
    }

    private static void assertRoomConsistent(String room, List<Object> timeline, int chats, int danmaku,
            Set<String> expectedMembers, Room live) {
        assertThat(chats).as("the script posted chat to %s", room).isPositive();
        long seq = 0;
        int count = 0;
        int danmakuSeen = 0;
        Map<String, PresenceEvent> lastPresence = new HashMap<>();
        for (int i = 0; i < timeline.size(); i++) {
            switch (timeline.get(i)) {
                case RoomEvent.Posted p when p.message().kind() == MessageKind.CHAT -> {
                    assertThat(p.message().seq()).as("%s: chat seq after %d", room, seq).isEqualTo(seq + 1);
                    seq = p.message().seq();
                }
                case RoomEvent.Posted p -> {
                    assertThat(p.message().seq()).as("danmaku seq").isZero();
                    danmakuSeen++;
                }
                case RoomEvent.Presence p -> {
                    String who = p.except();
                    assertThat(p.user()).isEqualTo(userOf(who));
                    PresenceEvent previous = lastPresence.put(who, p.event());
                    if (p.event() == PresenceEvent.JOIN) {
                        assertThat(previous).as("%s: %s joins while in", room, who).isNotEqualTo(PresenceEvent.JOIN);
                        count++;
                    } else {
                        assertThat(p.event()).isEqualTo(PresenceEvent.LEAVE);
                        assertThat(previous).as("%s: %s leaves while out", room, who).isEqualTo(PresenceEvent.JOIN);
                        count--;
                    }
                    assertThat(p.count()).as("%s: count carried by %s of %s", room, p.event(), who).isEqualTo(count);
                }
                case RoomEvent.Typing typing -> assertThat(userOf(typing.except())).isEqualTo(typing.user());
                case JoinedMark mark -> {
                    JoinResult r = mark.result();
                    assertThat(r.seq()).as("%s: seq in joined = chats published before it", room).isEqualTo(seq);
                    boolean fresh = lastPresence.get(mark.memberId()) != PresenceEvent.JOIN;
                    assertThat(r.count()).as("%s: count in joined", room).isEqualTo(fresh ? count + 1 : count);
                    if (mark.since() != null && r.recovered()) {
                        assertThat(seqs(r.history())).as("%s: replay after %d", room, mark.since())
                                .isEqualTo(range(mark.since() + 1, r.seq()));
                    }
                    if (fresh) {
                        assertThat(timeline.get(i + 1)).as("a new member's presence follows its joined at once")
                                .isEqualTo(new RoomEvent.Presence(room, PresenceEvent.JOIN, userOf(mark.memberId()), count + 1,
                                        mark.memberId()));
                    }
                }
                default -> throw new AssertionError("unexpected " + timeline.get(i));
            }
        }
        assertThat(seq).as("%s: chat published = chat posted", room).isEqualTo(chats);
        assertThat(danmakuSeen).as("%s: danmaku published", room).isEqualTo(danmaku);
        Set<String> inByPresence = new HashSet<>();
        lastPresence.forEach((who, event) -> {
            if (event == PresenceEvent.JOIN) {
                inByPresence.add(who);
            }
        });
        assertThat(inByPresence).as("%s: members by presence events", room).isEqualTo(expectedMembers);
        assertThat(count).isEqualTo(expectedMembers.size());
        assertThat(live.size()).as("%s: final member count", room).isEqualTo(expectedMembers.size());
        assertThat(live.latestSeq()).isEqualTo(chats);
        Set<String> liveIds = new HashSet<>();
        for (Member m : live.members()) {
            liveIds.add(m.id());
        }
        assertThat(liveIds).isEqualTo(expectedMembers);
    }

    /** The user behind a {@link TestMember} connection id ({@code c-name} is {@code u-name}). */
    private static User userOf(String memberId) {
        String name = memberId.substring(2);
        return new User("u-" + name, name, null);
    }

    @Test
    void joinsRacingEvictionsAlwaysLandInALiveRoom() throws Exception {
        Duration ttl = Duration.ofMinutes(1);
        ChatHarness h = new ChatHarness(TestProperties.with().roomIdleTtl(ttl).build());
        AtomicBoolean stop = new AtomicBoolean();
        Future<Integer> janitor = pool.submit(() -> {
            int sweeps = 0;
            while (!stop.get()) {
                h.rooms.evictIdle(System.nanoTime() + ttl.toNanos()); // every empty room is "idle"
                sweeps++;
            }
            return sweeps;
        });

        List<Callable<Set<Room>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            TestMember m = TestMember.named("racer" + t);
            tasks.add(() -> {
                Set<Room> seen = Collections.newSetFromMap(new IdentityHashMap<>());
                for (int i = 0; i < 400; i++) {
                    h.join(m, "hot");
                    Room room = h.rooms.find("hot");
                    assertThat(room).as("join %d of %s", i, m.id()).isNotNull();
                    assertThat(room.isRetired()).isFalse();
                    assertThat(room.contains(m)).as("%s is in the registered room", m.id()).isTrue();
                    h.say(m, "hot", "still here"); // a member of a dead room would be not_member
                    seen.add(room);
                    assertThat(h.chat.leave(m, "hot")).isTrue();
                }
                return seen;
            });
        }
        List<Set<Room>> seen;
        try {
            seen = runTogether(tasks);
        } finally {
            stop.set(true);
        }
        assertThat(janitor.get(WAIT_SECONDS, TimeUnit.SECONDS)).isPositive();

        Room last = h.rooms.find("hot");
        assertThat(h.rooms.size()).as("the registry's count matches its rooms")
                .isEqualTo(h.rooms.rooms().size());
        if (last != null) {
            assertThat(last.size()).isZero();
        }
        for (Set<Room> rooms : seen) {
            for (Room room : rooms) {
                assertThat(room.size()).as("everyone left " + room).isZero();
            }
        }
        h.rooms.evictIdle(System.nanoTime() + ttl.toNanos());
        assertThat(h.rooms.size()).isZero();
        assertThat(h.rooms.find("hot")).isNull();
    }
}
