package io.roomwire.websocket.servlet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes an upgraded connection's socket from outside a container callback. The Servlet API has no
 * call for this, yet a server must be able to drop an unresponsive client (close and write
 * timeouts). On Tomcat the upgraded stream holds the connection's {@code socketWrapper}, whose
 * {@code close()} Tomcat itself calls from any thread; elsewhere this is a no-op and the container
 * closes the socket on its next event. Reflection keeps the binding free of container imports.
 */
final class ConnectionAborter {

    private static final Logger LOG = Logger.getLogger(ConnectionAborter.class.getName());
    private static final Map<Class<?>, Field> FIELDS = new ConcurrentHashMap<>();
    private static final Field MISSING;

    static {
        try {
            MISSING = ConnectionAborter.class.getDeclaredField("MISSING");
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ConnectionAborter() {
    }

    static void abort(Object upgradedStream) {
        Field field = FIELDS.computeIfAbsent(upgradedStream.getClass(), ConnectionAborter::find);
        if (field == MISSING) {
            return;
        }
        try {
            Object wrapper = field.get(upgradedStream);
            Method close = wrapper.getClass().getMethod("close");
            close.invoke(wrapper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not abort connection", e);
        }
    }

    private static Field find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("socketWrapper");
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look further up
            } catch (RuntimeException e) {
                break;
            }
        }
        LOG.info("No socket handle on " + type.getName()
                + "; unresponsive clients are dropped on the container's next event");
        return MISSING;
    }
}
