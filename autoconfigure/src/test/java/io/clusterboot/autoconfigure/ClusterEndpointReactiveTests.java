package io.clusterboot.autoconfigure;

import org.springframework.boot.WebApplicationType;

/**
 * The endpoint in a WebFlux application.
 */
class ClusterEndpointReactiveTests extends AbstractClusterEndpointWebTests {

	ClusterEndpointReactiveTests() {
		super("127.0.0.7", "127.0.0.8");
	}

	@Override
	WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

}
