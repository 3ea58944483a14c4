package io.roomwire.metrics;

import io.roomwire.chat.Room;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.websocket.AbortProbe;
import io.roomwire.websocket.Sessions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/roomwire}: what this node is holding right now, for an operator rather than
 * a dashboard: connections by state (open, or closing: a Close sent or received and the handshake not
 * yet finished), whether new handshakes are accepted (false while draining for shutdown), the number
 * of rooms and the ten largest, and whether the engine can drop an unresponsive client at once (the
 * connection aborter's start-up probe). Every figure is a weakly consistent snapshot of concurrent maps.
 */
@Component
@Endpoint(id = "roomwire")
public class RoomWireEndpoint {

    static final int TOP_ROOMS = 10;

    /** Largest first; the name breaks ties so the listing is stable. */
    private static final Comparator<RoomSize> LARGEST_FIRST =
            Comparator.comparingInt(RoomSize::members).reversed().thenComparing(RoomSize::name);

    private final Sessions sessions;
    private final RoomRegistry rooms;
    private final AbortProbe aborter;

    RoomWireEndpoint(Sessions sessions, RoomRegistry rooms, ObjectProvider<AbortProbe> aborter) {
        this.sessions = sessions;
        this.rooms = rooms;
        this.aborter = aborter.getIfAvailable(() -> AbortProbe.NONE);
    }

    @ReadOperation
    public Snapshot snapshot() {
        Sessions.Counts counts = sessions.counts();
        return new Snapshot(sessions.accepting(), new Connections(counts.total(), counts.open(), counts.closing()),
                rooms.size(), topRooms(), aborter);
    }

    /** The {@value #TOP_ROOMS} largest rooms in one pass with a bounded heap (smallest on top). */
    private List<RoomSize> topRooms() {
        PriorityQueue<RoomSize> heap = new PriorityQueue<>(TOP_ROOMS + 1, LARGEST_FIRST.reversed());
        for (Room room : rooms.rooms()) {
            heap.add(new RoomSize(room.name(), room.size()));
            if (heap.size() > TOP_ROOMS) {
                heap.poll();
            }
        }
        List<RoomSize> top = new ArrayList<>(heap);
        top.sort(LARGEST_FIRST);
        return top;
    }

    /** The endpoint's JSON body. */
    public record Snapshot(boolean accepting, Connections connections, int rooms, List<RoomSize> topRooms,
            AbortProbe connectionAborter) {
    }

    /** {@code total = open + closing}. */
    public record Connections(int total, int open, int closing) {
    }

    public record RoomSize(String name, int members) {
    }
}
