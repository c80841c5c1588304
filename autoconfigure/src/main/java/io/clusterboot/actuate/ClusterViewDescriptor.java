package io.clusterboot.actuate;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code /actuator/cluster?scope=cluster} shows: every connected node's own view, side by side,
 * and what is wrong with the whole, in words.
 *
 * @param node the node that asked
 * @param verdict one line: {@code full mesh of N nodes}, or what is wrong
 * @param fullMesh whether every node known to anyone is connected to every other and answered
 * @param problems each thing that is wrong, one sentence each
 * @param nodes every node known to anyone, sorted: the columns of the matrix; a peer no node could
 * complete a handshake with is named by its address
 * @param views the rows: this node first, then every node it is connected to, sorted
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ClusterViewDescriptor(String node, String verdict, boolean fullMesh, List<String> problems,
		List<String> nodes, List<NodeView> views) implements OperationResponseBody {

	/**
	 * One node's view of the others.
	 *
	 * @param node its name
	 * @param answered whether it answered in time
	 * @param error why it did not answer, else {@code null}
	 * @param strategy its discovery strategy
	 * @param discoveryError its last discovery error
	 * @param cookieFingerprint its cookie's fingerprint
	 * @param otherCookie whether that differs from the asking node's
	 * @param protocolVersion the protocol version the asking node speaks with it ({@code null} for itself)
	 * @param uptime how long it has been running, ISO-8601
	 * @param peers its view of each other node, by name; a node it does not know is absent
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record NodeView(String node, boolean answered, @Nullable String error, @Nullable String strategy,
			@Nullable String discoveryError, @Nullable String cookieFingerprint, boolean otherCookie,
			@Nullable Integer protocolVersion, @Nullable String uptime, Map<String, Cell> peers) {
	}

	/**
	 * A row's view of a column.
	 *
	 * @param state {@code connected}, {@code connecting}, {@code down}, {@code left} or {@code rejected}
	 * @param rttMillis the heartbeat round trip, while connected
	 * @param reason why it is not connected
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Cell(String state, @Nullable Double rttMillis, @Nullable String reason) {
	}

}
