package io.clusterboot.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport warm-up starts with the application, from {@code spring.factories}, unless the
 * cluster is disabled.
 */
class ClusterTransportPreinitializerTests {

	@Test
	void isRegisteredAsAnApplicationListener() {
		assertThat(SpringFactoriesLoader.loadFactories(ApplicationListener.class, getClass().getClassLoader()))
			.hasAtLeastOneElementOfType(ClusterTransportPreinitializer.class);
	}

	@Test
	void warmsUpWhenTheEnvironmentIsReadyUnlessTheClusterIsDisabled() {
		AtomicInteger warmups = new AtomicInteger();
		ClusterTransportPreinitializer preinitializer = new ClusterTransportPreinitializer(warmups::incrementAndGet);
		preinitializer.onApplicationEvent(event(new MockEnvironment()));
		assertThat(warmups).as("default").hasValue(1);
		preinitializer.onApplicationEvent(event(new MockEnvironment().withProperty("cluster.enabled", "false")));
		assertThat(warmups).as("cluster.enabled=false").hasValue(1);
	}

	private static ApplicationEnvironmentPreparedEvent event(MockEnvironment environment) {
		return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), new SpringApplication(),
				new String[0], environment);
	}

}
