package io.clusterboot.autoconfigure;

import org.springframework.boot.WebApplicationType;

/**
 * The endpoint in a Spring MVC application.
 */
class ClusterEndpointServletTests extends AbstractClusterEndpointWebTests {

	ClusterEndpointServletTests() {
		super("127.0.0.5", "127.0.0.6");
	}

	@Override
	WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

}
