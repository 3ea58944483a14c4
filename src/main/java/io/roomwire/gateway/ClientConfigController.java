package io.roomwire.gateway;

import io.roomwire.auth.Authenticator;
import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.ChatService;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/config}: the limits the web page checks input against before sending, served so
 * the page follows this server's {@code roomwire.chat.*} settings instead of a copy of them
 * (docs/protocol.md, "Connecting"). Public and read-only: every value is visible to any client
 * anyway, as the refusal it causes.
 */
@RestController
@RequestMapping("/api/config")
class ClientConfigController {

    /**
     * docs/protocol.md ({@code invalid_room}): the rule RoomRegistry enforces, as a pattern that
     * reads the same in Java and JavaScript and matches a whole name. RoomRegistry keeps its compiled
     * pattern private, so ClientConfigApiTests checks that the two agree.
     */
    static final String ROOM_NAME = "[A-Za-z0-9_.-]{1,64}";

    /**
     * @param maxTextLength         chat text limit in code points, after trimming ({@code too_long})
     * @param maxDanmakuLength      danmaku text limit in code points, after trimming ({@code too_long})
     * @param maxRoomsPerConnection rooms one connection may be in at once ({@code too_many_rooms})
     * @param roomName              a room name matches this pattern whole ({@code invalid_room})
     * @param historyPageMax        the largest {@code limit} a {@code history} request may ask for
     * @param auth                  {@code none} (guests pick a name) or {@code token} (connections
     *                              authenticate with a signed token; docs/protocol.md, "Signed identities")
     */
    record ClientConfig(int maxTextLength, int maxDanmakuLength, int maxRoomsPerConnection, String roomName,
            int historyPageMax, String auth) {
    }

    private final ClientConfig config;

    ClientConfigController(ChatProperties properties, Authenticator authenticator) {
        this.config = new ClientConfig(properties.maxTextLength(), properties.maxDanmakuLength(),
                properties.maxRoomsPerConnection(), ROOM_NAME, ChatService.MAX_PAGE,
                authenticator.required() ? "token" : "none");
    }

    @GetMapping
    ResponseEntity<ClientConfig> config() {
        // No caching: a restart with other limits must reach the next page load.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(config);
    }
}
