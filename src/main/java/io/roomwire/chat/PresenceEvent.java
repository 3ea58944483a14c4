package io.roomwire.chat;

/** The {@code event} of a {@code presence} message (docs/protocol.md, "Messages and delivery"). */
public enum PresenceEvent {
    JOIN("join"),
    LEAVE("leave"),
    /** Rooms above the presence event limit get a periodic count instead of joins and leaves. */
    COUNT("count");

    private final String wire;

    PresenceEvent(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The event named {@code wire}. */
    public static PresenceEvent fromWire(String wire) {
        for (PresenceEvent event : values()) {
            if (event.wire.equals(wire)) {
                return event;
            }
        }
        throw new IllegalArgumentException("No presence event " + wire);
    }
}
