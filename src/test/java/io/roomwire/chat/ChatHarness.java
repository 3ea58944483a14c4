package io.roomwire.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A {@link ChatService} with its real registry and a recording relay, and one-line use cases. */
final class ChatHarness {

    final ChatProperties properties;
    final RoomRegistry rooms;
    final RecordingRelay relay = new RecordingRelay();
    final ChatService chat;
    final RoomModeration moderation;

    ChatHarness(ChatProperties properties) {
        this.properties = properties;
        this.rooms = new RoomRegistry(properties);
        MemoryRoomStore store = new MemoryRoomStore(rooms, relay, properties);
        RoomAccess access = new RoomAccess(properties);
        this.chat = new ChatService(rooms, store, properties, access);
        this.moderation = new RoomModeration(rooms, store, access);
    }

    ChatHarness() {
        this(TestProperties.defaults());
    }

    JoinResult join(Member member, String room) {
        return join(member, room, null);
    }

    /** Joins and returns what {@code onJoined} received, checking it was called exactly once. */
    JoinResult join(Member member, String room, Long since) {
        List<JoinResult> results = new ArrayList<>();
        chat.join(member, room, since, results::add);
        assertThat(results).as("onJoined calls").hasSize(1);
        return results.getFirst();
    }

    ChatMessage say(Member member, String room, String text) {
        return chat.post(member, room, text, MessageKind.CHAT, Map.of());
    }

    ChatMessage danmaku(Member member, String room, String text) {
        return chat.post(member, room, text, MessageKind.DANMAKU, Map.of("color", "#ff0000"));
    }

    /** Says {@code count} numbered messages ("m1", "m2", ...). */
    void sayMany(Member member, String room, int count) {
        for (int i = 1; i <= count; i++) {
            say(member, room, "m" + i);
        }
    }

    Room room(String name) {
        Room room = rooms.find(name);
        assertThat(room).as("room " + name).isNotNull();
        return room;
    }

    /** The code of the {@link ChatException} the call is refused with. */
    static ErrorCode refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("refusal").isInstanceOf(ChatException.class);
        return ((ChatException) thrown).code();
    }

    static List<Long> seqs(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::seq).toList();
    }

    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
