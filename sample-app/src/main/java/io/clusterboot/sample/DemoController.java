package io.clusterboot.sample;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.clusterboot.Cluster;
import io.clusterboot.Member;
import io.clusterboot.NodeName;
import io.clusterboot.messaging.ClusterMessageContext;
import io.clusterboot.messaging.ClusterMessageListener;
import io.clusterboot.messaging.ClusterMessaging;
import io.clusterboot.messaging.ClusterMessagingException;

/**
 * Messaging in the sample: {@code GET /demo/ping} asks every connected node, {@code POST /demo/broadcast}
 * sends a note to all of them, {@code GET /demo/notes} lists the notes this node received.
 */
@RestController
class DemoController {

	private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

	private final Cluster cluster;

	private final ClusterMessaging messaging;

	private final Deque<Note> notes = new ArrayDeque<>();

	DemoController(Cluster cluster, ClusterMessaging messaging) {
		this.cluster = cluster;
		this.messaging = messaging;
	}

	@GetMapping("/demo/ping")
	Pings ping(@RequestParam(name = "node", required = false) List<String> nodes) {
		List<NodeName> targets = (nodes != null) ? nodes.stream().map(NodeName::parse).toList()
				: this.cluster.connectedMembers().stream().map(Member::name).toList();
		List<CompletableFuture<Object>> answers = new ArrayList<>();
		for (NodeName target : targets) {
			long start = System.nanoTime();
			answers.add(this.messaging.request(target, "demo.ping", "ping", String.class, PING_TIMEOUT)
				.<Object>thenApply((reply) -> new Reply(target.toString(), reply, (System.nanoTime() - start) / 1e6))
				.exceptionally((failure) -> failure(target, failure, (System.nanoTime() - start) / 1e6)));
		}
		List<Reply> replies = new ArrayList<>();
		List<Failure> failures = new ArrayList<>();
		for (CompletableFuture<Object> answer : answers) {
			Object result = answer.join();
			if (result instanceof Reply reply) {
				replies.add(reply);
			}
			else {
				failures.add((Failure) result);
			}
		}
		return new Pings(replies, failures);
	}

	@PostMapping("/demo/broadcast")
	Broadcast broadcast(@RequestBody String text) {
		return new Broadcast(this.messaging.broadcast("demo.note", text));
	}

	@GetMapping("/demo/notes")
	synchronized List<Note> notes() {
		return List.copyOf(this.notes);
	}

	@ClusterMessageListener("demo.ping")
	String pong(String ping) {
		return "pong from " + this.cluster.self();
	}

	@ClusterMessageListener("demo.note")
	synchronized void note(String text, ClusterMessageContext context) {
		this.notes.addLast(new Note(context.sender().toString(), text));
		while (this.notes.size() > 100) {
			this.notes.removeFirst();
		}
	}

	record Pings(List<Reply> replies, List<Failure> failures) {
	}

	record Reply(String node, String reply, double rttMillis) {
	}

	// The failure's type too: a caller tells "not connected" from "no answer in time" without parsing text.
	private static Failure failure(NodeName target, Throwable failure, double millis) {
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		String reason = (cause instanceof ClusterMessagingException messaging) ? messaging.failure().id() : null;
		return new Failure(target.toString(), cause.getMessage(), reason, millis);
	}

	record Failure(String node, String error, String reason, double millis) {
	}

	record Broadcast(int sentTo) {
	}

	record Note(String from, String text) {
	}

}
