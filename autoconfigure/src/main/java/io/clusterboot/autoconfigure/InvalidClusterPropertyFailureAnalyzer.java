package io.clusterboot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidClusterPropertyException}: which property, what is wrong, what to set.
 */
class InvalidClusterPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidClusterPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidClusterPropertyException cause) {
		return new FailureAnalysis("The cluster could not start. Invalid " + cause.getMessage(), cause.getAction(),
				cause);
	}

}
