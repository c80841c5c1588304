package io.clusterboot.internal.discovery.dns;

import org.slf4j.Logger;

/**
 * Says "found nothing" once at info while it lasts: a name without records is normal while the first
 * pods start, so it is worth one line, not one per poll.
 */
final class NothingFoundLog {

	private final Logger logger;

	private volatile boolean reported;

	NothingFoundLog(Logger logger) {
		this.logger = logger;
	}

	void nothingFound(String message, Object... args) {
		if (!this.reported) {
			this.reported = true;
			this.logger.info(message, args);
		}
	}

	void found() {
		this.reported = false;
	}

}
