package io.clusterboot.internal.node;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class NodeHostResolverTests {

	@Test
	void ipModePrefersPodIpFromTheDownwardApi() {
		NodeHostResolver resolver = new NodeHostResolver(Map.of("POD_IP", "10.42.0.7")::get);
		assertThat(resolver.resolve(HostMode.IP, null)).isEqualTo("10.42.0.7");
	}

	@Test
	void dnsModeDashesTheIpAndAppendsTheDomain() {
		NodeHostResolver resolver = new NodeHostResolver(Map.of("POD_IP", "10.42.0.7")::get);
		assertThat(resolver.resolve(HostMode.DNS, "myns.pod.cluster.local"))
			.isEqualTo("10-42-0-7.myns.pod.cluster.local");
	}

	@Test
	void dnsModeWithoutDomainNamesTheProperty() {
		NodeHostResolver resolver = new NodeHostResolver(Map.of("POD_IP", "10.42.0.7")::get);
		assertThatIllegalStateException().isThrownBy(() -> resolver.resolve(HostMode.DNS, null))
			.withMessageContaining("cluster.node.domain");
	}

	@Test
	void hostnameModeIsTheShortName() {
		NodeHostResolver resolver = new NodeHostResolver(Map.of("HOSTNAME", "app-0.app-headless.ns")::get);
		assertThat(resolver.resolve(HostMode.HOSTNAME, null)).isEqualTo("app-0");
	}

}
