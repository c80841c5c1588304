package io.clusterboot.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Records every logging event that reaches a Logback logger, from any thread, with the thread that
 * logged it, until closed. Unlike a capture of the console it sees each event whole and misses none,
 * as long as nothing resets Logback meanwhile (Spring Boot does when an application starts, unless
 * its logging system is {@code none}).
 */
public final class LogRecorder extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private final Logger logger;

	private final Level previousLevel;

	private LogRecorder(Logger logger, Level level) {
		this.logger = logger;
		this.previousLevel = logger.getLevel();
		setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		setName("test-recorder");
		start();
		if (level != null) {
			logger.setLevel(level);
		}
		logger.addAppender(this);
	}

	/** Records what reaches the named logger (and its descendants) at the levels they log now. */
	public static LogRecorder attach(String loggerName) {
		return attach(loggerName, null);
	}

	/** Records what reaches the named logger, set to this level until closed. */
	public static LogRecorder attach(String loggerName, Level level) {
		return new LogRecorder((Logger) LoggerFactory.getLogger(loggerName), level);
	}

	/** Records everything that reaches the root logger. */
	public static LogRecorder attachToRoot() {
		return attach(Logger.ROOT_LOGGER_NAME);
	}

	@Override
	protected void append(ILoggingEvent event) {
		event.prepareForDeferredProcessing();
		this.events.add(event);
	}

	public List<ILoggingEvent> events() {
		return List.copyOf(this.events);
	}

	/** Each event as a line: level, thread, logger, message, and the messages of any throwable. */
	public String text() {
		StringBuilder text = new StringBuilder();
		for (ILoggingEvent event : this.events) {
			text.append(event.getLevel()).append(" [").append(event.getThreadName()).append("] ")
				.append(event.getLoggerName()).append(": ").append(event.getFormattedMessage());
			for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
				text.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
				for (IThrowableProxy suppressed : thrown.getSuppressed()) {
					text.append(" | ").append(suppressed.getClassName()).append(": ").append(suppressed.getMessage());
				}
			}
			text.append('\n');
		}
		return text.toString();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this);
		this.logger.setLevel(this.previousLevel);
		stop();
	}

}
