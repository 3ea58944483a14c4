package io.roomwire.chat;

/**
 * A room's operator-adjustable settings. Immutable.
 *
 * @param maxMembers       members the room takes ({@code room_full} beyond)
 * @param slowModeSeconds  minimum seconds between two chat messages of one user (0: off; {@code slow_mode})
 * @param danmakuPerSecond the room's danmaku budget ({@code room_busy} beyond)
 * @param privateRoom      only connections whose signed token grants the room may join ({@code forbidden})
 */
public record RoomSettings(int maxMembers, int slowModeSeconds, int danmakuPerSecond, boolean privateRoom) {

    public static final int MAX_SLOW_MODE_SECONDS = 3600;

    public RoomSettings {
        if (maxMembers < 1) {
            throw new IllegalArgumentException("maxMembers must be at least 1");
        }
        if (slowModeSeconds < 0 || slowModeSeconds > MAX_SLOW_MODE_SECONDS) {
            throw new IllegalArgumentException("slowModeSeconds must be between 0 and " + MAX_SLOW_MODE_SECONDS);
        }
        if (danmakuPerSecond < 1) {
            throw new IllegalArgumentException("danmakuPerSecond must be at least 1");
        }
    }

    /** Settings of a room nobody changed: public, no slow mode. */
    public RoomSettings(int maxMembers, int danmakuPerSecond) {
        this(maxMembers, 0, danmakuPerSecond, false);
    }

    /** These settings with the given ones changed (null: keep). */
    public RoomSettings with(Integer maxMembers, Integer slowModeSeconds, Integer danmakuPerSecond, Boolean privateRoom) {
        return new RoomSettings(maxMembers != null ? maxMembers : this.maxMembers,
                slowModeSeconds != null ? slowModeSeconds : this.slowModeSeconds,
                danmakuPerSecond != null ? danmakuPerSecond : this.danmakuPerSecond,
                privateRoom != null ? privateRoom : this.privateRoom);
    }
}
