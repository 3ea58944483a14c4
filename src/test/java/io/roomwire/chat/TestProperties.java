package io.roomwire.chat;

import java.time.Duration;

/**
 * Builds {@link ChatProperties} the way Spring would bind them with no configuration (the
 * documented {@code @DefaultValue}s), with overrides for the limit a test is about.
 */
final class TestProperties {

    private int maxRoomsPerConnection = 16;
    private int maxMembersPerRoom = 10_000;
    private int maxRooms = 10_000;
    private int historySize = 1000;
    private int joinHistory = 50;
    private int rosterLimit = 100;
    private int presenceEventLimit = 200;
    private Duration countInterval = Duration.ofSeconds(5);
    private Duration roomIdleTtl = Duration.ofMinutes(5);
    private int maxTextLength = 2000;
    private int maxDanmakuLength = 100;
    private int danmakuPerSecond = 200;
    private Duration resumeWindow = Duration.ofMinutes(2);
    private int dedupRefs = 256;
    private String privateRooms = "";
    private ChatProperties.Flood flood = defaultFlood();

    private TestProperties() {
    }

    /** Every limit at its documented default. */
    static ChatProperties defaults() {
        return with().build();
    }

    static TestProperties with() {
        return new TestProperties();
    }

    /** The documented flood budgets: chat 10/s burst 20, danmaku 20/s burst 40, typing 2/s burst 5, 30 strikes in 10 s. */
    static ChatProperties.Flood defaultFlood() {
        return new ChatProperties.Flood(10, 20, 20, 40, 2, 5, 30, Duration.ofSeconds(10));
    }

    /** Budgets no test reaches, for tests about something other than flooding. */
    static ChatProperties.Flood unlimitedFlood() {
        return new ChatProperties.Flood(1e9, 1_000_000_000, 1e9, 1_000_000_000, 1e9, 1_000_000_000, 30,
                Duration.ofSeconds(10));
    }

    TestProperties maxMembersPerRoom(int value) {
        this.maxMembersPerRoom = value;
        return this;
    }

    TestProperties maxRooms(int value) {
        this.maxRooms = value;
        return this;
    }

    TestProperties historySize(int value) {
        this.historySize = value;
        return this;
    }

    TestProperties joinHistory(int value) {
        this.joinHistory = value;
        return this;
    }

    TestProperties rosterLimit(int value) {
        this.rosterLimit = value;
        return this;
    }

    TestProperties presenceEventLimit(int value) {
        this.presenceEventLimit = value;
        return this;
    }

    TestProperties roomIdleTtl(Duration value) {
        this.roomIdleTtl = value;
        return this;
    }

    TestProperties maxTextLength(int value) {
        this.maxTextLength = value;
        return this;
    }

    TestProperties maxDanmakuLength(int value) {
        this.maxDanmakuLength = value;
        return this;
    }

    TestProperties danmakuPerSecond(int value) {
        this.danmakuPerSecond = value;
        return this;
    }

    TestProperties privateRooms(String value) {
        this.privateRooms = value;
        return this;
    }

    TestProperties flood(ChatProperties.Flood value) {
        this.flood = value;
        return this;
    }

    ChatProperties build() {
        return new ChatProperties(maxRoomsPerConnection, maxMembersPerRoom, maxRooms, historySize, joinHistory,
                rosterLimit, presenceEventLimit, countInterval, roomIdleTtl, maxTextLength, maxDanmakuLength,
                danmakuPerSecond, resumeWindow, dedupRefs, flood, privateRooms);
    }
}
