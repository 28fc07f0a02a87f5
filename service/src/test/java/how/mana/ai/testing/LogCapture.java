package how.mana.ai.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the process while open, rendered as one line each: level, logger, message, key-values and the
 * messages of any attached exception chain. {@code how.mana.ai} logs at DEBUG meanwhile, so nothing hides below
 * the configured level.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger service = (Logger) LoggerFactory.getLogger("how.mana.ai");
    private final Level serviceLevel = service.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
        service.setLevel(Level.DEBUG);
    }

    public List<String> lines() {
        return events().stream().map(LogCapture::render).toList();
    }

    /** Lines with the given message whose key-values include {@code key=value}. */
    public List<String> linesWith(String message, String key, String value) {
        return events().stream()
                .filter(e -> e.getFormattedMessage().equals(message) && e.getKeyValuePairs() != null
                        && e.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals(key)
                        && String.valueOf(kv.value).equals(value)))
                .map(LogCapture::render).toList();
    }

    /**
     * A copy of the events so far. Other threads (a planning loop) may log meanwhile: the appender adds under its own
     * monitor ({@code AppenderBase.doAppend} is synchronized), so the copy is taken under it too.
     */
    private List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    private static String render(ILoggingEvent e) {
        StringBuilder line = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            line.append(e.getKeyValuePairs().stream().map(kv -> " " + kv.key + "=" + kv.value)
                    .collect(Collectors.joining()));
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return line.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        service.setLevel(serviceLevel);
        appender.stop();
    }
}
