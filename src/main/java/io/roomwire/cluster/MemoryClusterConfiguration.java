package io.roomwire.cluster;

import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.IdentityStore;
import io.roomwire.chat.MemoryRoomStore;
import io.roomwire.chat.NodeName;
import io.roomwire.chat.OperatorRelay;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.RoomRelay;
import io.roomwire.chat.RoomStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code roomwire.cluster.mode=memory} (the default): one node, rooms in this JVM. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "roomwire.cluster.mode", havingValue = "memory", matchIfMissing = true)
class MemoryClusterConfiguration {

    @Bean
    RoomRelay roomRelay() {
        return new LocalRoomRelay();
    }

    @Bean
    NodeName nodeName() {
        return NodeName.SINGLE;
    }

    @Bean
    OperatorRelay operatorRelay() {
        return OperatorRelay.LOCAL;
    }

    @Bean
    IdentityStore identityStore() {
        return IdentityStore.NONE;
    }

    @Bean
    RoomStore roomStore(RoomRegistry rooms, RoomRelay relay, ChatProperties properties) {
        return new MemoryRoomStore(rooms, relay, properties);
    }
}
