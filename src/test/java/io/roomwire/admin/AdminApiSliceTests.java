package io.roomwire.admin;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.ChatService;
import io.roomwire.chat.MemoryRoomStore;
import io.roomwire.chat.NodeName;
import io.roomwire.chat.OperatorRelay;
import io.roomwire.chat.RoomAccess;
import io.roomwire.chat.RoomModeration;
import io.roomwire.chat.RoomStore;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.RoomRelay;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.gateway.Operations;
import io.roomwire.testsupport.AdminCredential;
import io.roomwire.websocket.servlet.SessionRegistry;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The admin API's MVC slice: request validation, the RFC 9457 problem shapes and the security rules,
 * with the real chat domain behind the controllers (no mocks) and no server or WebSocket involved.
 */
@WebMvcTest(controllers = {AdminRoomsController.class, AdminConnectionsController.class, AdminStatsController.class})
@Import({AdminSecurityConfiguration.class, AdminErrors.class, AdminApiSliceTests.Domain.class})
class AdminApiSliceTests {

    /** The real domain services, with a relay that delivers to nobody (no members connect here). */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ChatProperties.class, AdminProperties.class})
    @Import({ChatService.class, RoomAccess.class, RoomModeration.class, RoomRegistry.class, Operations.class, StatsSampler.class})
    @ComponentScan(basePackages = "io.roomwire.gateway", useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
                    pattern = "io\\.roomwire\\.gateway\\.ConnectionRegistry"))
    static class Domain {
        @Bean
        RoomRelay relay() {
            return new RoomRelay() {
                @Override
                public void publish(io.roomwire.chat.RoomEvent event) {
                }

                @Override
                public void setListener(Listener listener) {
                }
            };
        }

        @Bean
        RoomStore roomStore(RoomRegistry rooms, RoomRelay relay, ChatProperties properties) {
            return new MemoryRoomStore(rooms, relay, properties);
        }

        @Bean
        OperatorRelay operatorRelay() {
            return OperatorRelay.LOCAL;
        }

        @Bean
        WireCodec wireCodec() {
            return new WireCodec();
        }

        @Bean
        io.roomwire.gateway.DeliveryCounters deliveryCounters() {
            return new io.roomwire.gateway.DeliveryCounters();
        }

        @Bean
        NodeName nodeName() {
            return NodeName.SINGLE;
        }

        /** No WebSocket connects in a slice test: the engine's registry stays empty. */
        @Bean
        SessionRegistry sessions() {
            return new SessionRegistry();
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void anonymousRequestsGetA401ProblemWithTheBasicChallenge() throws Exception {
        mvc.perform(get("/api/admin/rooms"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", Matchers.startsWith("Basic")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("admin credential")));
    }

    @Test
    void pagingParametersAreValidated() throws Exception {
        problem(get("/api/admin/rooms").param("size", "0"), 400, "size must be between 1 and 200");
        problem(get("/api/admin/rooms").param("size", "201"), 400, "size must be between 1 and 200");
        problem(get("/api/admin/rooms").param("page", "-1"), 400, "page must be 0 or more");
        problem(get("/api/admin/rooms").param("page", "x"), 400, "Parameter 'page' has an invalid value");
        problem(get("/api/admin/rooms").param("sort", "size"), 400, "sort must be members, activity or name");
        problem(get("/api/admin/rooms").param("direction", "up"), 400, "direction must be asc or desc");
        problem(get("/api/admin/connections").param("size", "1000"), 400, "size must be between 1 and 200");
    }

    @Test
    void unknownAndInvalidRoomsAreTold() throws Exception {
        problem(get("/api/admin/rooms/nowhere"), 404, "No room named nowhere");
        problem(get("/api/admin/rooms/bad!name"), 400, "Room names are 1-64 characters");
        problem(delete("/api/admin/rooms/nowhere"), 404, "No room named nowhere");
        problem(get("/api/admin/rooms/nowhere/history").param("limit", "0"), 400, "limit must be between 1 and 200");
    }

    @Test
    void bodiesAreValidated() throws Exception {
        problem(json(post("/api/admin/notices"), "{"), 400, "not the JSON object this endpoint takes");
        problem(json(post("/api/admin/notices"), "{\"text\":\"\"}"), 400, "text is required");
        problem(json(post("/api/admin/notices"), "{\"text\":\"" + "x".repeat(2001) + "\"}"), 400, "exceeds 2000 characters");
        problem(json(patch("/api/admin/rooms/nowhere/settings"), "{}"), 400, "Give at least one of");
        problem(json(post("/api/admin/rooms/nowhere/mutes"), "{\"userId\":\"u\",\"durationSeconds\":0}"), 400,
                "durationSeconds must be between 1 and 2592000");
        problem(json(post("/api/admin/rooms/nowhere/mutes"), "{\"userId\":\"u\",\"durationSeconds\":60}"), 404,
                "No room named nowhere");
    }

    @Test
    void aValidRequestAnswersJson() throws Exception {
        mvc.perform(admin(get("/api/admin/rooms")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isArray())
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(20));
        mvc.perform(admin(get("/api/admin/stats")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.connections").value(0))
                .andExpect(jsonPath("$.series").isArray());
    }

    private void problem(MockHttpServletRequestBuilder request, int status, String detail) throws Exception {
        mvc.perform(admin(request))
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString(detail)))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Exception"))));
    }

    private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", AdminCredential.basic());
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
