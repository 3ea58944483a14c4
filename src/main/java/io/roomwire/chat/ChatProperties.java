package io.roomwire.chat;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwire.chat.*}: every limit of the chat domain, each enforced at its edge.
 *
 * @param maxRoomsPerConnection rooms one connection may be in at once ({@code too_many_rooms})
 * @param maxMembersPerRoom     members a room takes ({@code room_full})
 * @param maxRooms              rooms this node holds at once ({@code server_full})
 * @param historySize           chat messages each room keeps for history and recovery
 * @param joinHistory           latest messages sent with {@code joined} when no {@code since} is given
 * @param rosterLimit           members listed in {@code joined}; bigger rooms list the first ones
 * @param presenceEventLimit    up to this many members, joins and leaves are announced one by one;
 *                              above it, a {@code count} event every {@code countInterval} instead
 * @param countInterval         period of {@code count} presence events in big rooms
 * @param roomIdleTtl           an empty room is forgotten (with its history) after this long
 * @param maxTextLength         chat text limit after trimming ({@code too_long})
 * @param maxDanmakuLength      danmaku text limit after trimming ({@code too_long})
 * @param danmakuPerSecond      per-room danmaku budget; beyond it danmaku are refused ({@code room_busy})
 * @param resumeWindow          how long a disconnected user's {@code session} token stays resumable
 * @param dedupRefs             recent {@code ref}s remembered per user to suppress duplicate sends
 * @param flood                 per-connection flood budgets
 * @param privateRooms          a regular expression: rooms whose whole name matches are private (only a
 *                              signed token that grants them may join, {@code forbidden}); empty: none
 */
@ConfigurationProperties("roomwire.chat")
public record ChatProperties(
        @DefaultValue("16") int maxRoomsPerConnection,
        @DefaultValue("10000") int maxMembersPerRoom,
        @DefaultValue("10000") int maxRooms,
        @DefaultValue("1000") int historySize,
        @DefaultValue("50") int joinHistory,
        @DefaultValue("100") int rosterLimit,
        @DefaultValue("200") int presenceEventLimit,
        @DefaultValue("5s") Duration countInterval,
        @DefaultValue("5m") Duration roomIdleTtl,
        @DefaultValue("2000") int maxTextLength,
        @DefaultValue("100") int maxDanmakuLength,
        @DefaultValue("200") int danmakuPerSecond,
        @DefaultValue("2m") Duration resumeWindow,
        @DefaultValue("256") int dedupRefs,
        @DefaultValue Flood flood,
        @DefaultValue("") String privateRooms) {

    /**
     * Per-connection token buckets (rate per second, burst) and the abuse threshold.
     *
     * @param strikes      refusals within {@code strikeWindow} after which the connection is closed (1008)
     * @param strikeWindow the window strikes are counted in
     */
    public record Flood(
            @DefaultValue("10") double chatPerSecond,
            @DefaultValue("20") int chatBurst,
            @DefaultValue("20") double danmakuPerSecond,
            @DefaultValue("40") int danmakuBurst,
            @DefaultValue("2") double typingPerSecond,
            @DefaultValue("5") int typingBurst,
            @DefaultValue("30") int strikes,
            @DefaultValue("10s") Duration strikeWindow) {
    }

    public ChatProperties {
        positive(maxRoomsPerConnection, "max-rooms-per-connection");
        positive(maxMembersPerRoom, "max-members-per-room");
        positive(maxRooms, "max-rooms");
        positive(historySize, "history-size");
        positive(maxTextLength, "max-text-length");
        positive(maxDanmakuLength, "max-danmaku-length");
        positive(danmakuPerSecond, "danmaku-per-second");
        positive(dedupRefs, "dedup-refs");
        try {
            Pattern.compile(privateRooms);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("roomwire.chat.private-rooms is not a regular expression: " + e.getDescription());
        }
        if (joinHistory < 0 || rosterLimit < 0 || presenceEventLimit < 0) {
            throw new IllegalArgumentException("roomwire.chat.join-history, roster-limit and presence-event-limit must be >= 0");
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("roomwire.chat." + name + " must be at least 1");
        }
    }
}
