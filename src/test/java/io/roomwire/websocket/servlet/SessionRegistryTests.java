package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's one registry of live sessions, as the rest of the application reads it ({@link Sessions}). */
class SessionRegistryTests {

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    private final SessionRegistry registry = new SessionRegistry();

    /** Wired as UpgradeHandler wires it: added once bound, removed when the connection is gone. */
    private EngineHarness session(String id) {
        EngineHarness h = harnesses.builder().id(id).handler(RecordingHandler.echo())
                .onFinished(done -> registry.remove(done.session())).start();
        registry.add(h.session());
        return h;
    }

    @Test
    void listsFindsAndCountsLiveSessionsByState() {
        Sessions sessions = registry;
        EngineHarness a = session("a");
        EngineHarness b = session("b");

        assertThat(sessions.count()).isEqualTo(2);
        assertThat(sessions.find("a")).isSameAs(a.session());
        assertThat(sessions.find("nobody")).isNull();
        assertThat(sessions.all()).containsExactlyInAnyOrder(a.session(), b.session());
        assertThat(sessions.counts()).isEqualTo(new Sessions.Counts(2, 0));

        b.session().close(CloseStatus.NORMAL);

        assertThat(sessions.counts()).as("a Close sent, no answer yet").isEqualTo(new Sessions.Counts(1, 1));
        assertThat(sessions.counts().total()).isEqualTo(2);
    }

    @Test
    void aFinishedSessionLeavesTheRegistry() {
        EngineHarness a = session("a");
        session("b");

        a.session().onTransportClosed("Connection closed");

        assertThat(registry.count()).isEqualTo(1);
        assertThat(registry.find("a")).isNull();
        assertThat(registry.find("b")).isNotNull();
    }

    @Test
    void theViewIsReadOnlyAndAdmissionIsASwitch() {
        session("a");

        assertThatThrownBy(() -> registry.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(registry.accepting()).isTrue();
        registry.setAccepting(false);
        assertThat(registry.accepting()).isFalse();
    }
}
