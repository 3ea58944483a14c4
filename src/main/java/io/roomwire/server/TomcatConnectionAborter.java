package io.roomwire.server;

import io.roomwire.websocket.AbortProbe;
import io.roomwire.websocket.servlet.ConnectionAborter;
import jakarta.servlet.ServletOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.coyote.http11.upgrade.UpgradeServletOutputStream;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's {@link ConnectionAborter}: an upgraded connection's output stream is an
 * {@link UpgradeServletOutputStream} holding the connection's {@link SocketWrapperBase}, whose
 * public {@code close()} Tomcat itself calls from any thread. The wrapper sits in a private field
 * with no accessor, so it is read through a {@link VarHandle} found once, at start-up: if a Tomcat
 * upgrade renames or retypes the field, {@link #probe()} says so at start-up (and in
 * {@code /actuator/roomwire}, and {@code TomcatConnectionAborterTests} fails), instead of every
 * abort failing silently. Thread-safe.
 */
final class TomcatConnectionAborter implements ConnectionAborter {

    private static final Logger LOG = Logger.getLogger(TomcatConnectionAborter.class.getName());
    static final String FIELD = "socketWrapper";
    static final String MECHANISM = "tomcat: UpgradeServletOutputStream." + FIELD + ".close()";

    private final VarHandle socketWrapper;
    private final AbortProbe probe;

    TomcatConnectionAborter() {
        VarHandle handle = null;
        AbortProbe found;
        try {
            Field field = UpgradeServletOutputStream.class.getDeclaredField(FIELD);
            if (!SocketWrapperBase.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException(FIELD + " is a " + field.getType().getName() + ", not a SocketWrapperBase");
            }
            handle = MethodHandles.privateLookupIn(UpgradeServletOutputStream.class, MethodHandles.lookup())
                    .unreflectVarHandle(field);
            found = new AbortProbe(true, MECHANISM, "");
        } catch (ReflectiveOperationException | RuntimeException e) {
            handle = null;
            found = new AbortProbe(false, MECHANISM, e.toString());
            LOG.warning("Cannot reach Tomcat's socket of an upgraded connection (" + e
                    + "); unresponsive WebSocket clients are dropped only on Tomcat's next event for them");
        }
        this.socketWrapper = handle;
        this.probe = found;
    }

    /** Tomcat's wrapper of the socket under an upgraded connection's stream, or null. */
    SocketWrapperBase<?> socketWrapper(ServletOutputStream upgradedOutput) {
        if (socketWrapper == null || !(upgradedOutput instanceof UpgradeServletOutputStream stream)) {
            return null;
        }
        return (SocketWrapperBase<?>) socketWrapper.get(stream);
    }

    @Override
    public boolean abort(ServletOutputStream upgradedOutput) {
        try {
            SocketWrapperBase<?> wrapper = socketWrapper(upgradedOutput);
            if (wrapper == null) {
                return false;
            }
            wrapper.close();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not abort connection", e);
            return false;
        }
    }

    @Override
    public AbortProbe probe() {
        return probe;
    }

    @Override
    public String toString() {
        return "TomcatConnectionAborter[" + probe + "]";
    }
}
