package io.roomwire.chat;

import java.util.List;
import java.util.Map;

/**
 * The rooms' shared state and its publication: numbering, history, moderation state, presence
 * counts, and putting room events on the {@link RoomRelay}. One node keeps it in memory
 * ({@link MemoryRoomStore}); a cluster keeps it in Redis (io.roomwire.cluster), where each
 * numbering step is one atomic script. {@link ChatService} and {@link RoomModeration} check the
 * request and the local membership, then call here holding the local room's lock, so a room's
 * state changes and publications are serialised on each node.
 */
public interface RoomStore {

    /**
     * Records a member's join (new, or {@code already} in) and answers what it learns; announces a
     * new member to the others. Refuses with {@code room_full}.
     */
    JoinResult join(Room room, Member member, boolean already, Long since, Long epoch);

    /** Records that a member left the room (already removed locally); announces it. */
    void leave(Room room, Member member);

    /**
     * Numbers, stores and publishes a chat message, or publishes a danmaku; or answers the earlier
     * message when the user already sent {@code ref}. Refuses with {@code muted}, {@code slow_mode}
     * or {@code room_busy}.
     */
    Accepted post(Room room, Member member, Draft draft);

    /** Up to {@code size} chat messages before {@code before} (the latest when null), oldest first. */
    List<ChatMessage> page(Room room, Long before, int size);

    /** Publishes an event that is not stored (typing, notices). */
    void publish(RoomEvent event);

    /** Delivers an event to this node's members only: each node announces counts for itself. */
    void publishHere(RoomEvent event);

    /** Members across every node; on one node the local count. */
    int count(Room room);

    /** Seq of the room's latest chat message (0 before the first). */
    long latestSeq(Room room);

    /** Chat messages the room's history holds. */
    int historySize(Room room);

    RoomSettings settings(Room room);

    RoomSettings updateSettings(Room room, Integer maxMembers, Integer slowModeSeconds, Integer danmakuPerSecond,
            Boolean privateRoom);

    void mute(Room room, String userId, long untilMillis);

    boolean unmute(Room room, String userId);

    /** Unexpired mutes: user id -> until (epoch ms). */
    Map<String, Long> mutes(Room room, long nowMillis);

    /** Replaces a message by its tombstone and tells members to hide it; false when not held. */
    boolean delete(Room room, long seq);

    /**
     * Removes a user's connections from the room on every node ({@code userId} null: everyone, and
     * the room is forgotten with its history). On each node the removed members are taken out of the
     * local room and told with {@code left} and {@code reason} (a {@link RoomEvent.Removed} to the
     * relay's listener). Returns how many connections were removed across the cluster.
     */
    int remove(Room room, String userId, String reason);

    /** Whether the room exists anywhere (on one node: only rooms this node holds exist). */
    boolean exists(String room);

    /** Every room with members across the cluster, but those an operator made private: name -> members. */
    Map<String, Integer> memberCounts();

    /** Makes a user a moderator of the room (the admin API), or no longer; false when nothing changed. */
    boolean setModerator(Room room, String userId, boolean moderator);

    /** The user ids an operator made moderators of the room, sorted. */
    List<String> moderators(Room room);

    /**
     * Every room there is (on one node: those it holds; in the cluster: those with members or history
     * on any node), for the operators' list, read in bulk: without creating local rooms for rooms held
     * elsewhere, and in the cluster in one pipelined round trip.
     */
    List<RoomStatus> statuses();

    /**
     * A message to post.
     *
     * @param ref the sender's de-duplication key, or null
     */
    record Draft(MessageKind kind, String text, Map<String, Object> meta, String ref, long ts) {
    }

    /**
     * The outcome of a post.
     *
     * @param seq     the message's seq (0 for danmaku)
     * @param message what was published, or null when {@code ref} was seen before: nothing was
     *                published and {@code seq} is the original's
     */
    /**
     * The ack of an earlier send with this {@code ref} that this node remembers for the user, or
     * null. Checked before anything else, so a resend is acknowledged whatever changed since (the
     * member left the room, its flood budget is spent) and costs no flood token. The cluster's post
     * script de-duplicates again for resends this node has not seen (a resume on another node).
     */
    default Accepted earlier(Member member, String ref) {
        if (ref == null) {
            return null;
        }
        Identity identity = member.identity();
        synchronized (identity) {
            Identity.Sent sent = identity.sent(ref);
            return sent == null ? null : new Accepted(sent.room(), sent.seq(), null);
        }
    }

    record Accepted(String room, long seq, ChatMessage message) {

        public boolean duplicate() {
            return message == null;
        }
    }
}
