package io.clusterboot.internal.node;

/**
 * How the host part of the node name is found when {@code cluster.node.host} is not set.
 */
public enum HostMode {

	/** The {@code POD_IP} environment variable (downward API), else the first site-local address. */
	IP,

	/** The short host name. */
	HOSTNAME,

	/** The fully qualified host name, e.g. a StatefulSet pod's {@code app-0.app-headless.ns.svc.cluster.local}. */
	FQDN,

	/** The IP with {@code .} replaced by {@code -}, plus {@code cluster.node.domain}. */
	DNS

}
