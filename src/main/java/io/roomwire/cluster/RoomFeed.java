package io.roomwire.cluster;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.roomwire.chat.ChatException;
import io.roomwire.chat.ChatMessage;
import io.roomwire.chat.ErrorCode;
import io.roomwire.chat.Member;
import io.roomwire.chat.Room;
import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.RoomRelay;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers what Redis publishes to this node's members, from the shared stream's order only: a node
 * never shortcuts its own sends. Each room this node has members in is subscribed on one Lettuce
 * pub/sub connection, whose listener runs on Lettuce's event loop and only hands the payload to the
 * room's delivery thread (a room always maps to the same one, so its order holds; Spring's listener
 * container would dispatch one thread per message and lose it). There, under the room's lock, a
 * message whose seq was already delivered is dropped, one that skips ahead first has the gap filled
 * from the stream, and an epoch change (Redis lost the room's state) restarts the count.
 *
 * <p>Pub/sub is at-most-once: messages published while the subscription was down are gone. The
 * heartbeat calls {@link #catchUp(Room)} for every room, which fills whatever was missed from the
 * stream. Thread-safe.
 */
final class RoomFeed extends RedisPubSubAdapter<String, String> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RoomFeed.class.getName());

    /** Where a room's delivery stands on this node; guarded by the room's lock. */
    static final class Cursor {
        long delivered;
        String epoch;
        boolean fresh = true;
    }

    private final RoomRegistry rooms;
    private final RedisKeys keys;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RoomHistory history;
    private final EventCodec codec;
    private final ClusterCounters counters;
    private final String nodeId;
    private final ExecutorService[] lanes;
    private final ConcurrentHashMap<String, Cursor> cursors = new ConcurrentHashMap<>();
    private volatile RoomRelay.Listener listener = event -> { };
    private volatile Consumer<String> control = payload -> { };

    RoomFeed(RoomRegistry rooms, RedisKeys keys, StatefulRedisPubSubConnection<String, String> pubsub,
            RoomHistory history, EventCodec codec, ClusterCounters counters, String nodeId, int threads) {
        this.rooms = rooms;
        this.keys = keys;
        this.pubsub = pubsub;
        this.history = history;
        this.codec = codec;
        this.counters = counters;
        this.nodeId = nodeId;
        this.lanes = new ExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("roomwire-deliver-" + i).factory());
        }
        pubsub.addListener(this);
        pubsub.sync().subscribe(keys.control());
    }

    void setListener(RoomRelay.Listener listener) {
        this.listener = listener;
    }

    RoomRelay.Listener listener() {
        return listener;
    }

    /**
     * The room's cursor, subscribing first if this node had no members there: once this returns,
     * everything Redis publishes to the room reaches this node. Call under the room's lock.
     */
    Cursor open(Room room) {
        room.requireLockHeld();
        Cursor cursor = cursors.get(room.name());
        if (cursor == null) {
            String channel = keys.channel(room.name());
            try {
                pubsub.sync().subscribe(channel); // returns once Redis confirmed the subscription
            } catch (RuntimeException e) {
                counters.failure();
                throw new ChatException(ErrorCode.UNAVAILABLE,
                        "The chat store is unavailable; try again");
            }
            cursor = new Cursor();
            cursors.put(room.name(), cursor);
        }
        return cursor;
    }

    /** Stops receiving a room this node has no members in any more. Call under the room's lock. */
    void closeIfEmpty(Room room) {
        room.requireLockHeld();
        if (room.size() == 0 && cursors.remove(room.name()) != null) {
            try {
                pubsub.async().unsubscribe(keys.channel(room.name()));
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Unsubscribe failed; the subscription ends with the connection", e);
            }
        }
    }

    /** Whether the pub/sub connection is up (Lettuce reconnects it by itself). */
    boolean connected() {
        return pubsub.isOpen();
    }

    Cursor cursor(String room) {
        return cursors.get(room);
    }

    /** Where control-channel payloads go (operators' commands). */
    void onControl(Consumer<String> control) {
        this.control = control;
    }

    @Override
    public void message(String channel, String payload) {
        if (channel.equals(keys.control())) {
            lanes[0].execute(() -> control.accept(payload));
            return;
        }
        String room = keys.roomOf(channel);
        if (room == null) {
            return;
        }
        counters.countReceived();
        lanes[Math.floorMod(room.hashCode(), lanes.length)].execute(() -> handle(room, payload));
    }

    private void handle(String roomName, String payload) {
        Room room = rooms.find(roomName);
        if (room == null) {
            return;
        }
        try {
            synchronized (room) {
                Cursor cursor = cursors.get(roomName);
                if (cursor == null || cursor.fresh) {
                    return; // not (yet) a room of this node: its join reads the position itself
                }
                EventCodec.Payload p = EventCodec.Payload.parse(payload);
                EventCodec.Body body = codec.read(p.body());
                if (p.seq() == 0) {
                    deliverUnnumbered(room, body);
                } else {
                    deliverInOrder(room, cursor, p.seq(), p.epoch(), body);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivery in room " + roomName + " failed; the next catch-up retries", e);
        }
    }

    private void deliverInOrder(Room room, Cursor cursor, long seq, String epoch, EventCodec.Body body) {
        if (!epoch.equals(cursor.epoch)) {
            // Redis lost the room's state and the post script started a new epoch, continuing above
            // what was delivered: deliver from here, nothing before it exists any more.
            cursor.epoch = epoch;
            cursor.delivered = Math.min(cursor.delivered, seq - 1);
        }
        if (seq <= cursor.delivered) {
            counters.duplicateDropped();
            return;
        }
        if (seq > cursor.delivered + 1) {
            fill(room, cursor, seq - 1);
        }
        listener.onEvent(new RoomEvent.Posted(codec.message(room.name(), seq, body)));
        cursor.delivered = seq;
    }

    private void deliverUnnumbered(Room room, EventCodec.Body body) {
        if ("remove".equals(body.t())) {
            if (!nodeId.equals(body.o())) {
                removeLocally(room, body.id(), body.r());
            }
            return;
        }
        RoomEvent event = codec.event(room.name(), 0, body);
        if (event != null) {
            listener.onEvent(event);
        }
    }

    /** Takes this node's members of a user (null: all) out of the room and tells them. Under the room's lock. */
    void removeLocally(Room room, String userId, String reason) {
        room.requireLockHeld();
        List<Member> removed = new ArrayList<>();
        for (Member m : room.members()) {
            if ((userId == null || m.user().id().equals(userId)) && room.remove(m)) {
                m.rooms().remove(room.name());
                removed.add(m);
            }
        }
        listener.onEvent(new RoomEvent.Removed(room.name(), removed, reason));
        if (userId == null) {
            room.retire();
            rooms.forget(room);
        }
        closeIfEmpty(room);
    }

    /** Delivers, from the stream, every message after the cursor up to {@code upTo}. Under the room's lock. */
    private void fill(Room room, Cursor cursor, long upTo) {
        List<ChatMessage> missed = history.after(room.name(), cursor.delivered, upTo).messages();
        for (ChatMessage message : missed) {
            if (message.seq() > cursor.delivered) {
                listener.onEvent(new RoomEvent.Posted(message));
                cursor.delivered = message.seq();
            }
        }
        counters.gapFilled(missed.size());
        // What the stream no longer holds is gone for live delivery; members recover with since.
        cursor.delivered = Math.max(cursor.delivered, upTo);
    }

    /** Delivers what pub/sub lost: everything the stream holds beyond the cursor. */
    void catchUp(Room room) {
        synchronized (room) {
            Cursor cursor = cursors.get(room.name());
            if (cursor == null || cursor.fresh) {
                return;
            }
            RoomHistory.Position latest = history.position(room.name());
            if (latest.epoch() != null && !latest.epoch().equals(cursor.epoch)) {
                cursor.epoch = latest.epoch();
                cursor.delivered = Math.min(cursor.delivered, latest.seq());
            }
            if (latest.seq() > cursor.delivered) {
                fill(room, cursor, latest.seq());
            }
        }
    }

    /** Rooms this node delivers. */
    List<String> roomNames() {
        return List.copyOf(cursors.keySet());
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        pubsub.removeListener(this);
    }
}
