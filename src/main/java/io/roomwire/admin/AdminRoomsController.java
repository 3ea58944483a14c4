package io.roomwire.admin;

import io.roomwire.chat.RoomModeration;
import io.roomwire.chat.Room;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.RoomSettings;
import io.roomwire.chat.RoomStatus;
import io.roomwire.chat.User;
import io.roomwire.gateway.Operations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/rooms}: rooms, their members, history, notices, settings and moderation. */
@RestController
@RequestMapping("/api/admin/rooms")
class AdminRoomsController {

    static final int MAX_NOTICE = 2000;
    static final int MAX_USER_ID = 256;

    record RoomSummary(String name, int members, long latestSeq, int historySize, long lastActivity,
            RoomSettings settings) {
    }

    record MemberView(String connectionId, User user) {
    }

    record RoomDetail(String name, Page<MemberView> members, long latestSeq, int historySize, long lastActivity,
            RoomSettings settings, List<MuteView> mutes, List<String> moderators) {
    }

    record MuteView(String userId, long until) {
    }

    record HistoryView(String room, List<MessageView> messages) {
    }

    record MessageView(long seq, String kind, String text, User from, long ts, boolean deleted) {
    }

    record NoticeRequest(String text) {
    }

    record Delivered(int delivered) {
    }

    record SettingsRequest(Integer maxMembers, Integer slowModeSeconds, Integer danmakuPerSecond, Boolean privateRoom) {
    }

    record MuteRequest(String userId, Long durationSeconds) {
    }

    private final RoomRegistry rooms;
    private final RoomModeration moderation;
    private final Operations operations;

    AdminRoomsController(RoomRegistry rooms, RoomModeration moderation, Operations operations) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.operations = operations;
    }

    @GetMapping
    Page<RoomSummary> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestParam(defaultValue = "members") String sort, @RequestParam(defaultValue = "desc") String direction) {
        Comparator<RoomSummary> order = switch (sort) {
            case "members" -> Comparator.comparingInt(RoomSummary::members);
            case "activity" -> Comparator.comparingLong(RoomSummary::lastActivity);
            case "name" -> Comparator.comparing(RoomSummary::name);
            default -> throw AdminRequestException.badRequest("sort must be members, activity or name");
        };
        order = switch (direction) {
            case "desc" -> order.reversed();
            case "asc" -> order;
            default -> throw AdminRequestException.badRequest("direction must be asc or desc");
        };
        List<RoomSummary> all = moderation.roomStatuses().stream().map(AdminRoomsController::summary)
                .sorted(order.thenComparing(RoomSummary::name)).toList();
        return Page.of(all, page, size);
    }

    @GetMapping("/{room}")
    RoomDetail detail(@PathVariable String room, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        Room r = moderation.requireRoom(room);
        RoomModeration.RoomView view = moderation.view(r);
        RoomSummary s = summary(r, view);
        List<MemberView> members = Arrays.stream(r.members()).map(m -> new MemberView(m.id(), m.user())).toList();
        List<MuteView> mutes = view.mutes().entrySet().stream()
                .map(e -> new MuteView(e.getKey(), e.getValue())).sorted(Comparator.comparing(MuteView::userId)).toList();
        return new RoomDetail(s.name(), Page.of(members, page, size), s.latestSeq(), s.historySize(), s.lastActivity(),
                s.settings(), mutes, view.moderators());
    }

    /** Makes a user a moderator of the room: it may mute, unmute, delete and kick there over the WebSocket. */
    @PutMapping("/{room}/moderators/{userId}")
    ResponseEntity<Void> addModerator(@PathVariable String room, @PathVariable String userId) {
        moderation.setModerator(room, requireUserId(userId), true);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{room}/moderators/{userId}")
    ResponseEntity<Void> removeModerator(@PathVariable String room, @PathVariable String userId) {
        if (!moderation.setModerator(room, requireUserId(userId), false)) {
            throw AdminRequestException.notFound("User " + userId + " is not a moderator of room " + room);
        }
        return ResponseEntity.noContent().build();
    }

    private static String requireUserId(String userId) {
        if (userId.isBlank() || userId.length() > MAX_USER_ID) {
            throw AdminRequestException.badRequest("userId must be 1-" + MAX_USER_ID + " characters");
        }
        return userId;
    }

    @GetMapping("/{room}/history")
    HistoryView history(@PathVariable String room, @RequestParam(required = false) Long before,
            @RequestParam(required = false) Integer limit) {
        List<MessageView> messages = moderation.roomHistory(room, before, limit).stream()
                .map(m -> new MessageView(m.seq(), m.kind().wireName(), m.text(), m.from(), m.ts(), m.deleted()))
                .toList();
        return new HistoryView(room, messages);
    }

    @PostMapping("/{room}/notices")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Delivered notice(@PathVariable String room, @RequestBody NoticeRequest request) {
        return new Delivered(moderation.notice(room, noticeText(request == null ? null : request.text())));
    }

    @DeleteMapping("/{room}")
    ResponseEntity<Void> close(@PathVariable String room) {
        operations.closeRoom(room);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{room}/members/{userId}")
    ResponseEntity<Void> kick(@PathVariable String room, @PathVariable String userId) {
        if (operations.kick(room, userId) == 0) {
            throw AdminRequestException.notFound("User " + userId + " is not in room " + room);
        }
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/{room}/settings")
    RoomSettings settings(@PathVariable String room, @RequestBody SettingsRequest request) {
        if (request == null || (request.maxMembers() == null && request.slowModeSeconds() == null
                && request.danmakuPerSecond() == null && request.privateRoom() == null)) {
            throw AdminRequestException.badRequest(
                    "Give at least one of maxMembers, slowModeSeconds, danmakuPerSecond, privateRoom");
        }
        return moderation.updateSettings(room, request.maxMembers(), request.slowModeSeconds(), request.danmakuPerSecond(),
                request.privateRoom());
    }

    @PostMapping("/{room}/mutes")
    ResponseEntity<MuteView> mute(@PathVariable String room, @RequestBody MuteRequest request) {
        if (request == null || request.userId() == null || request.userId().isBlank()) {
            throw AdminRequestException.badRequest("userId is required");
        }
        if (request.durationSeconds() == null || request.durationSeconds() < 1
                || request.durationSeconds() > RoomModeration.MAX_MUTE_SECONDS) {
            throw AdminRequestException.badRequest("durationSeconds must be between 1 and " + RoomModeration.MAX_MUTE_SECONDS);
        }
        long until = System.currentTimeMillis() + Duration.ofSeconds(request.durationSeconds()).toMillis();
        moderation.mute(room, request.userId(), until);
        return ResponseEntity.status(HttpStatus.CREATED).body(new MuteView(request.userId(), until));
    }

    @DeleteMapping("/{room}/mutes/{userId}")
    ResponseEntity<Void> unmute(@PathVariable String room, @PathVariable String userId) {
        if (!moderation.unmute(room, userId)) {
            throw AdminRequestException.notFound("User " + userId + " is not muted in room " + room);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{room}/messages/{seq}")
    ResponseEntity<Void> deleteMessage(@PathVariable String room, @PathVariable long seq) {
        if (!moderation.deleteMessage(room, seq)) {
            throw AdminRequestException.notFound("Room " + room + " holds no message " + seq + " to delete");
        }
        return ResponseEntity.noContent().build();
    }

    static String noticeText(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw AdminRequestException.badRequest("text is required");
        }
        if (t.codePointCount(0, t.length()) > MAX_NOTICE) {
            throw AdminRequestException.badRequest("text exceeds " + MAX_NOTICE + " characters");
        }
        return t;
    }

    private static RoomSummary summary(RoomStatus status) {
        return new RoomSummary(status.name(), status.members(), status.latestSeq(), status.historySize(),
                status.lastActivityMillis(), status.settings());
    }

    private static RoomSummary summary(Room room, RoomModeration.RoomView view) {
        return new RoomSummary(room.name(), view.members(), view.latestSeq(), view.historySize(),
                room.lastActivityMillis(), view.settings());
    }

}
