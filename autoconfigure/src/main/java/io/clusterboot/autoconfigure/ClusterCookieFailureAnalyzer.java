package io.clusterboot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.clusterboot.internal.node.CookieException;

/**
 * Explains a missing or unusable cookie. The message never contains the cookie itself.
 */
class ClusterCookieFailureAnalyzer extends AbstractFailureAnalyzer<CookieException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CookieException cause) {
		if (cause.isMissing()) {
			return new FailureAnalysis(
					"No cluster cookie is configured. " + cause.getMessage()
							+ ". Nodes authenticate each other with this shared secret.",
					"Set cluster.cookie to the same long random value on every node, for example from a Kubernetes "
							+ "Secret through the CLUSTER_COOKIE environment variable (generate one with: "
							+ "openssl rand -base64 32), or set cluster.cookie-file to a file readable only by "
							+ "its owner.",
					cause);
		}
		String action = (cause.action() != null) ? cause.action()
				: "Fix the file named above, or set cluster.cookie / cluster.cookie-file.";
		return new FailureAnalysis("The cluster cookie could not be loaded: " + cause.getMessage(), action, cause);
	}

}
