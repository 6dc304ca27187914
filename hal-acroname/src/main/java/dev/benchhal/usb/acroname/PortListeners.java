package dev.benchhal.usb.acroname;

import dev.benchhal.usb.UsbHub;
import dev.benchhal.usb.UsbPortEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Port power listeners of one hub; a failing listener is logged and does not stop the others. */
public final class PortListeners {

    private static final Logger LOG = LoggerFactory.getLogger(PortListeners.class);

    private final List<Consumer<UsbPortEvent>> listeners = new CopyOnWriteArrayList<>();

    /** An empty set of listeners. */
    public PortListeners() {
    }

    /**
     * @param listener called after each port power change, on the thread that changed it
     * @return the subscription; closing it removes the listener
     */
    public UsbHub.Subscription add(Consumer<UsbPortEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** @param event a power change to tell every listener about */
    public void fire(UsbPortEvent event) {
        for (Consumer<UsbPortEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("port power listener {} failed on {}", listener, event, e);
            }
        }
    }
}
