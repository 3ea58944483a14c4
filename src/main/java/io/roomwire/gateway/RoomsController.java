package io.roomwire.gateway;

import io.roomwire.chat.RoomModeration;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/rooms}: the public list of live rooms for the web page, busiest first. Names
 * and member counts only; operators get the details from the admin API.
 */
@RestController
@RequestMapping("/api/rooms")
class RoomsController {

    /** The page shows a list, not a census: the busiest rooms are what people look for. */
    static final int MAX_LISTED = 100;

    record RoomSummary(String name, int members) {
    }

    record RoomList(List<RoomSummary> rooms, int total) {
    }

    private final RoomModeration rooms;

    RoomsController(RoomModeration rooms) {
        this.rooms = rooms;
    }

    @GetMapping
    ResponseEntity<RoomList> list() {
        List<RoomSummary> live = rooms.publicMemberCounts().entrySet().stream()
                .map(room -> new RoomSummary(room.getKey(), room.getValue()))
                .sorted(Comparator.comparingInt(RoomSummary::members).reversed().thenComparing(RoomSummary::name))
                .toList();
        List<RoomSummary> listed = live.size() > MAX_LISTED ? live.subList(0, MAX_LISTED) : live;
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new RoomList(listed, live.size()));
    }

}
