package io.roomwire.chat;

/**
 * A chat participant as others see it. Immutable.
 *
 * @param id     server-assigned, stable across a resumed connection
 * @param name   cleaned display name, 1-32 characters
 * @param avatar a URL or an emoji, or null
 */
public record User(String id, String name, String avatar) {
}
