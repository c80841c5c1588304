package io.clusterboot.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.Cluster;
import io.clusterboot.ClusterListener;
import io.clusterboot.DiscoveryStatus;
import io.clusterboot.Member;
import io.clusterboot.NodeName;

/**
 * A {@link Cluster} whose view the test sets, to show states and texts a real node cannot be made to
 * produce on demand.
 */
public final class FakeCluster implements Cluster {

	private volatile NodeName self = NodeName.parse("orders@127.0.0.2");

	private volatile List<Member> members = new ArrayList<>();

	private volatile DiscoveryStatus discovery = new DiscoveryStatus("static", null, null, Set.of(), null);

	private final AtomicInteger refreshes = new AtomicInteger();

	public FakeCluster self(NodeName self) {
		this.self = self;
		return this;
	}

	public FakeCluster members(Member... members) {
		this.members = List.of(members);
		return this;
	}

	public FakeCluster discovery(DiscoveryStatus discovery) {
		this.discovery = discovery;
		return this;
	}

	public int refreshes() {
		return this.refreshes.get();
	}

	@Override
	public NodeName self() {
		return this.self;
	}

	@Override
	public List<Member> peers() {
		return this.members;
	}

	@Override
	public DiscoveryStatus discovery() {
		return this.discovery;
	}

	@Override
	public String cookieFingerprint() {
		return "SHA256:00112233445566778899aabbccddeeff";
	}

	@Override
	public void addListener(ClusterListener listener) {
	}

	@Override
	public void removeListener(ClusterListener listener) {
	}

	@Override
	public void refresh() {
		this.refreshes.incrementAndGet();
	}

}
