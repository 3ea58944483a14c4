package io.roomwire.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code roomwire.delivery.*}: how slow consumers are treated. Past {@code softQueuedBytes} queued
 * for a connection, best-effort events (danmaku, typing) to it are dropped and counted; past
 * {@code roomwire.websocket.max-queued-bytes} it is closed with 1013, since chat is never dropped
 * silently.
 */
@ConfigurationProperties("roomwire.delivery")
record DeliveryProperties(@DefaultValue("256KB") DataSize softQueuedBytes) {
}
