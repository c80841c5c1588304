package io.clusterboot.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The objects in k8s/ fit together: what the Service selects is what the workloads label, the port
 * is named so that SRV records exist, and each workload gets its cookie from the Secret and its
 * settings from environment variables that bind to real properties.
 */
class DnsManifestsTests {

	private static final Path K8S = Path.of("k8s");

	@Test
	void headlessServicePublishesEveryPodOnANamedClusterPort() throws IOException {
		Map<String, Object> spec = map(load("service-headless.yaml"), "spec");
		assertThat(spec).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
		assertThat(list(spec, "ports")).singleElement()
			.satisfies((port) -> assertThat(cast(port)).containsEntry("name", "cluster")
				.containsEntry("port", 4370)
				.containsEntry("protocol", "TCP"));
	}

	@Test
	void deploymentUsesTheDnsProfileWithPodIpAndTheCookieSecret() throws IOException {
		Map<String, Object> container = container(load("deployment-dns.yaml"));
		assertThat(env(container, "SPRING_PROFILES_ACTIVE")).containsEntry("value", "dns");
		assertThat(map(map(env(container, "POD_IP"), "valueFrom"), "fieldRef")).containsEntry("fieldPath",
				"status.podIP");
		assertCookieFromSecret(container);
		assertSelectedByTheService(load("deployment-dns.yaml"));
	}

	@Test
	void statefulSetUsesTheSrvProfileWithFqdnNames() throws IOException {
		Map<String, Object> statefulSet = load("statefulset.yaml");
		assertThat(map(statefulSet, "spec")).containsEntry("serviceName",
				map(load("service-headless.yaml"), "metadata").get("name"));
		Map<String, Object> container = container(statefulSet);
		assertThat(env(container, "SPRING_PROFILES_ACTIVE")).containsEntry("value", "srv");
		// Relaxed binding: cluster.node.host-mode is CLUSTER_NODE_HOSTMODE (a dash is dropped, not doubled).
		assertThat(env(container, "CLUSTER_NODE_HOSTMODE")).containsEntry("value", "fqdn");
		assertCookieFromSecret(container);
		assertSelectedByTheService(statefulSet);
	}

	private static void assertCookieFromSecret(Map<String, Object> container) throws IOException {
		Map<String, Object> secret = load("secret.example.yaml");
		Map<String, Object> reference = map(map(env(container, "CLUSTER_COOKIE"), "valueFrom"), "secretKeyRef");
		assertThat(reference).containsEntry("name", map(secret, "metadata").get("name"));
		assertThat(map(secret, "stringData")).containsKey((String) reference.get("key"));
	}

	private static void assertSelectedByTheService(Map<String, Object> workload) throws IOException {
		Map<String, Object> selector = map(map(load("service-headless.yaml"), "spec"), "selector");
		Map<String, Object> labels = map(map(map(workload, "spec"), "template"), "metadata");
		assertThat(map(labels, "labels")).containsAllEntriesOf(selector);
		assertThat(list(container(workload), "ports")).anySatisfy(
				(port) -> assertThat(cast(port)).containsEntry("name", "cluster").containsEntry("containerPort", 4370));
	}

	private static Map<String, Object> container(Map<String, Object> workload) {
		List<Object> containers = list(map(map(map(workload, "spec"), "template"), "spec"), "containers");
		assertThat(containers).hasSize(1);
		return cast(containers.get(0));
	}

	private static Map<String, Object> env(Map<String, Object> container, String name) {
		return list(container, "env").stream()
			.map(DnsManifestsTests::cast)
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No environment variable " + name));
	}

	private static Map<String, Object> load(String file) throws IOException {
		try (Reader reader = Files.newBufferedReader(K8S.resolve(file))) {
			return new Yaml().load(reader);
		}
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		assertThat(parent).containsKey(key);
		return cast(parent.get(key));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> parent, String key) {
		assertThat(parent).containsKey(key);
		return (List<Object>) parent.get(key);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object value) {
		return (Map<String, Object>) value;
	}

}
