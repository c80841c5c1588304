package io.clusterboot.bench;

/**
 * Figure 6: the cost of one discovery round: DNS with 3 and 300 A records against dnsmasq, and one
 * Kubernetes list of 300 endpoints against the fabric8 mock server. Measures the strategies that this
 * branch has; the others get a row saying so.
 */
final class DiscoveryFigure {

	void run(Results results) {
		System.out.println("Figure 6: discovery cost");
		String missing = "not measured: strategy not merged yet";
		results.add(new Row("6", "One dns poll, 3 A records, dnsmasq (ms)", Row.Result.note(missing), null, "", ""));
		results.add(new Row("6", "One dns poll, 300 A records, dnsmasq (ms)", Row.Result.note(missing), null, "", ""));
		results.add(new Row("6", "One kubernetes list, 300 endpoints, fabric8 mock (ms)", Row.Result.note(missing), null,
				"", ""));
	}

}
