package io.clusterboot.internal.discovery.kubernetes;

/**
 * Turns a refused or failed Kubernetes API request into a message an operator can act on: which verb
 * on which resource in which namespace, and what to check.
 */
final class ApiFailures {

	/** Where a library user finds the least-privilege Role: the README, not a path in our repository. */
	static final String RBAC_DOCS = "the Role in the ClusterBoot README, section 'Kubernetes API discovery'";

	private static final int MAX_SERVER_MESSAGE = 300;

	private ApiFailures() {
	}

	/**
	 * Describes an HTTP error answer.
	 * @param status the HTTP status
	 * @param body the response body, possibly a Kubernetes {@code Status}
	 * @param verb the verb that was asked, {@code list} or {@code watch}
	 * @param source what was asked for
	 * @param namespace where
	 * @return the message
	 */
	static String describe(int status, String body, String verb, PeerSource source, String namespace) {
		String what = verb + " " + qualified(source) + " in namespace '" + namespace + "'";
		String server = serverMessage(body);
		return switch (status) {
			case 401 -> "The Kubernetes API did not accept this pod's credentials (HTTP 401) to " + what + server
					+ ": check that the service-account token is mounted (automountServiceAccountToken) and "
					+ "valid, and that the client uses it; see " + sample(source);
			case 403 -> "The Kubernetes API refused to " + what + " (HTTP 403" + server + "): grant the verbs get, "
					+ "list and watch on the resource '" + source.resource() + "' in the API group '" + source.group()
					+ "' to this pod's service account with a Role and a RoleBinding in that namespace, as in "
					+ sample(source);
			case 404 -> "The Kubernetes API found nothing to " + what + " (HTTP 404" + server + "): check "
					+ "cluster.discovery.kubernetes.namespace";
			default -> "The Kubernetes API answered HTTP " + status + " to " + what + server;
		};
	}

	/**
	 * Describes what is asked for, for other failures.
	 * @param source what is asked for
	 * @param namespace where
	 * @return e.g. {@code endpointslices.discovery.k8s.io (kubernetes.io/service-name=orders) in namespace 'shop'}
	 */
	static String target(PeerSource source, String namespace) {
		return qualified(source) + " (" + source.labelSelector() + ") in namespace '" + namespace + "'";
	}

	private static String sample(PeerSource source) {
		return RBAC_DOCS + (("pods".equals(source.resource())) ? " (mode pods: resource pods in the core group)" : "");
	}

	private static String qualified(PeerSource source) {
		return source.group().isEmpty() ? source.resource() : source.resource() + "." + source.group();
	}

	// The message of a Kubernetes Status says who was refused what, e.g. 'User
	// "system:serviceaccount:shop:default" cannot list resource "pods" ...'; anything else is left out.
	private static String serverMessage(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		try {
			String message = Json.string(Json.parseObject(body), "message");
			if (message == null || message.isBlank()) {
				return "";
			}
			message = message.strip();
			if (message.length() > MAX_SERVER_MESSAGE) {
				message = message.substring(0, MAX_SERVER_MESSAGE) + "…";
			}
			return ": " + message;
		}
		catch (MalformedObjectException ex) {
			return "";
		}
	}

}
