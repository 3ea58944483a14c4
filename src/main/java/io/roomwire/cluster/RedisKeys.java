package io.roomwire.cluster;

/**
 * Every Redis key and channel of the cluster. A room's keys share the hash tag {@code {room}}, so
 * each script touches one slot and stays valid on Redis Cluster. Immutable.
 */
record RedisKeys(String prefix) {

    String meta(String room) {
        return roomKey(room, "meta");
    }

    String log(String room) {
        return roomKey(room, "log");
    }

    String deleted(String room) {
        return roomKey(room, "deleted");
    }

    String settings(String room) {
        return roomKey(room, "settings");
    }

    String mutes(String room) {
        return roomKey(room, "mutes");
    }

    String moderators(String room) {
        return roomKey(room, "moderators");
    }

    String lastChat(String room) {
        return roomKey(room, "lastchat");
    }

    String budget(String room) {
        return roomKey(room, "budget");
    }

    String presence(String room) {
        return roomKey(room, "presence");
    }

    String ref(String room, String userId, String ref) {
        return roomKey(room, "ref:" + userId + ":" + ref);
    }

    /** The room's pub/sub channel. */
    String channel(String room) {
        return roomKey(room, "events");
    }

    /** The room a channel belongs to, or null. */
    String roomOf(String channel) {
        int open = channel.indexOf(":{");
        int close = channel.lastIndexOf("}:");
        return open < 0 || close < open ? null : channel.substring(open + 2, close);
    }

    /** A key of the room's, under its hash tag {@code {room}}. */
    private String roomKey(String room, String name) {
        return prefix + ":{" + room + "}:" + name;
    }

    /** Names of rooms with presence or history, for listings. */
    String rooms() {
        return prefix + ":rooms";
    }

    String nodes() {
        return prefix + ":nodes";
    }

    String node(String nodeId) {
        return prefix + ":node:" + nodeId;
    }

    String nodeRooms(String nodeId) {
        return node(nodeId) + ":rooms";
    }

    /** A node's connection snapshot for operators, expiring with its heartbeat. */
    String nodeConnections(String nodeId) {
        return node(nodeId) + ":connections";
    }

    String reaper(String nodeId) {
        return node(nodeId) + ":reaper";
    }

    String identity(String token) {
        return prefix + ":identity:" + token;
    }

    /** Operators' cluster-wide commands (disconnect, notices to everyone). */
    String control() {
        return prefix + ":control";
    }
}
