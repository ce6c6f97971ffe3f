package io.talkport.talkjs;

import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects every log line of a category, down to DEBUG, to assert that no secret is ever logged. */
final class LogCapture extends Handler {

    private final StringBuffer text = new StringBuffer();
    private final Logger logger;
    private final Level previous;

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.previous = logger.getLevel();
    }

    static LogCapture start(String category) {
        LogCapture capture = new LogCapture(Logger.getLogger(category));
        capture.setLevel(Level.ALL);
        capture.logger.setLevel(Level.ALL);
        capture.logger.addHandler(capture);
        return capture;
    }

    String text() {
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        text.append(record.getLevel()).append(' ').append(message);
        if (record.getThrown() != null) {
            text.append(' ').append(record.getThrown());
        }
        text.append('\n');
    }

    void stop() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
