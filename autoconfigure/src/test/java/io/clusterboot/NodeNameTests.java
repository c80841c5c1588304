package io.clusterboot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NodeNameTests {

	@Test
	void equalWhenEveryPartIsEqual() {
		NodeName name = NodeName.parse("orders@10.42.0.7");
		assertThat(name).isEqualTo(NodeName.parse("orders@10.42.0.7")).hasSameHashCodeAs(NodeName.parse("orders@10.42.0.7"));
		assertThat(name).isNotEqualTo(NodeName.parse("orders@10.42.0.8"))
			.isNotEqualTo(NodeName.parse("billing@10.42.0.7"))
			.isNotEqualTo(null)
			.isNotEqualTo("orders@10.42.0.7");
	}

	@Test
	void parsesBasenameAndHost() {
		NodeName name = NodeName.parse("orders@10.42.0.7");
		assertThat(name.basename()).isEqualTo("orders");
		assertThat(name.host()).isEqualTo("10.42.0.7");
		assertThat(name).hasToString("orders@10.42.0.7");
	}

	@Test
	void acceptsHostNamesAndIpv6Literals() {
		assertThat(NodeName.parse("app@app-0.app-headless.ns.svc.cluster.local").host())
			.isEqualTo("app-0.app-headless.ns.svc.cluster.local");
		assertThat(NodeName.parse("app@fd00::7").host()).isEqualTo("fd00::7");
	}

	@Test
	void rejectsNamesWithoutExactlyOneAt() {
		assertThatIllegalArgumentException().isThrownBy(() -> NodeName.parse("orders"));
		assertThatIllegalArgumentException().isThrownBy(() -> NodeName.parse("a@b@c"));
	}

	@Test
	void rejectsMarkupAndControlCharactersWithoutEchoingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> NodeName.parse("<script>@host"))
			.withMessageContaining("Invalid node basename");
		assertThatIllegalArgumentException().isThrownBy(() -> NodeName.parse("app@host\r\nX-Injected: 1"))
			.withMessageNotContaining("\r")
			.withMessageNotContaining("\n");
	}

	@Test
	void rejectsOverlongNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> NodeName.parse("a@" + "h".repeat(300)))
			.withMessageContaining("longer than");
	}

}
