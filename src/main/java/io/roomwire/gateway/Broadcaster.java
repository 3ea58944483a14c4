package io.roomwire.gateway;

import static io.roomwire.gateway.DeliveryCounters.Counter.CHAT_DELIVERED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_DELIVERED;
import static io.roomwire.gateway.DeliveryCounters.Counter.DANMAKU_DROPPED_SLOW;
import static io.roomwire.gateway.DeliveryCounters.Counter.EVENTS_DELIVERED;

import io.roomwire.chat.Member;
import io.roomwire.chat.MessageKind;
import io.roomwire.chat.Room;
import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.RoomRelay;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.WebSocketSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Delivers room events to this node's members: each event is serialised to JSON once and framed
 * once ({@link PreparedMessage}), then queued on every member's session by reference. Queuing never
 * blocks; a member past the soft queue limit loses best-effort events (danmaku, typing), and one past
 * the hard limit is closed with 1013 by the socket handler's overflow policy, so a slow member never
 * holds the room back. Runs on the publishing thread, under the room's lock (see
 * {@link RoomRelay}).
 *
 * <p>The time spent queuing each event on every member is reported to the {@link FanoutObserver}
 * (the metrics package's, or a no-op when there is none); measuring it costs two
 * {@code System.nanoTime()} calls and allocates nothing.
 */
@Component
class Broadcaster implements RoomRelay.Listener {

    private final RoomRegistry rooms;
    private final WireCodec codec;
    private final DeliveryCounters counters;
    private final long softQueuedBytes;
    private final FanoutObserver observer;

    Broadcaster(RoomRegistry rooms, WireCodec codec, DeliveryCounters counters, DeliveryProperties delivery,
            RoomRelay relay, ObjectProvider<FanoutObserver> observer) {
        this.rooms = rooms;
        this.codec = codec;
        this.counters = counters;
        this.softQueuedBytes = delivery.softQueuedBytes().toBytes();
        this.observer = observer.getIfAvailable(() -> FanoutObserver.NONE);
        relay.setListener(this);
    }

    @Override
    public void onEvent(RoomEvent event) {
        if (event instanceof RoomEvent.Removed removed) {
            PreparedMessage left = PreparedMessage.text(codec.left(removed.room(), removed.reason()));
            for (Member member : removed.members()) {
                ((ChatConnection) member).session().send(left);
            }
            return;
        }
        Room room = rooms.find(event.room());
        if (room == null) {
            return;
        }
        Member[] members = room.members();
        if (members.length == 0) {
            return;
        }
        PreparedMessage prepared = PreparedMessage.text(codec.encode(event));
        boolean bestEffort = isBestEffort(event);
        String except = event.except();
        int delivered = 0;
        long start = System.nanoTime();
        for (Member member : members) {
            if (except != null && except.equals(member.id())) {
                continue;
            }
            WebSocketSession session = ((ChatConnection) member).session();
            if (bestEffort && session.queuedBytes() + prepared.size() > softQueuedBytes) {
                counters.increment(DANMAKU_DROPPED_SLOW);
                continue;
            }
            if (session.send(prepared)) {
                delivered++;
            }
        }
        observer.fanout(System.nanoTime() - start, delivered);
        count(event, delivered);
    }

    private static boolean isBestEffort(RoomEvent event) {
        return event instanceof RoomEvent.Typing
                || (event instanceof RoomEvent.Posted p && p.message().kind() == MessageKind.DANMAKU);
    }

    private void count(RoomEvent event, int delivered) {
        if (event instanceof RoomEvent.Posted p) {
            counters.add(p.message().kind() == MessageKind.DANMAKU ? DANMAKU_DELIVERED : CHAT_DELIVERED, delivered);
        } else {
            counters.add(EVENTS_DELIVERED, delivered);
        }
    }
}
