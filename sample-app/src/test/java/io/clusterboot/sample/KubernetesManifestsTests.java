package io.clusterboot.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parses every manifest under {@code sample-app/k8s} and checks the fields that make the cluster form:
 * selectors that match the pods, ports named {@code cluster}, the pod IP and the cookie in the
 * environment, and RBAC that allows exactly what the kubernetes strategy calls.
 */
class KubernetesManifestsTests {

	private static final Path K8S = Path.of("k8s");

	private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");

	private static final int CLUSTER_PORT = 4370;

	private final List<Manifest> manifests = load();

	@Test
	void everyManifestIsAKubernetesObject() {
		assertThat(this.manifests).isNotEmpty();
		for (Manifest manifest : this.manifests) {
			assertThat(manifest.string("apiVersion")).as(manifest.toString()).isNotBlank();
			assertThat(manifest.string("kind")).as(manifest.toString()).isNotBlank();
			assertThat(manifest.string("metadata", "name")).as(manifest.toString()).isNotBlank();
		}
	}

	@Test
	void everyWorkloadSelectsItsOwnPods() {
		for (Manifest workload : workloads()) {
			assertThat(workload.map("spec", "template", "metadata", "labels")).as(workload.toString())
				.containsAllEntriesOf(workload.map("spec", "selector", "matchLabels"));
		}
	}

	@Test
	void everyServiceSelectsThePodsOfAWorkload() {
		for (Manifest service : kind("Service")) {
			Map<String, Object> selector = service.map("spec", "selector");
			assertThat(selector).as(service + " has a selector").isNotEmpty();
			assertThat(workloads()).as(service + " selects the pods of a workload")
				.anySatisfy((workload) -> assertThat(workload.map("spec", "template", "metadata", "labels"))
					.containsAllEntriesOf(selector));
		}
	}

	@Test
	void theClusterPortIsNamedClusterEverywhere() {
		for (Manifest workload : workloads()) {
			for (Map<String, Object> container : workload.list("spec", "template", "spec", "containers")) {
				for (Map<String, Object> port : Manifest.list(container, "ports")) {
					if (Objects.equals(port.get("containerPort"), CLUSTER_PORT)) {
						assertThat(port.get("name")).as(workload + " port " + port).isEqualTo("cluster");
					}
				}
			}
		}
		for (Manifest service : kind("Service")) {
			for (Map<String, Object> port : service.list("spec", "ports")) {
				if (Objects.equals(port.get("port"), CLUSTER_PORT) || "cluster".equals(port.get("name"))) {
					assertThat(port.get("name")).as(service + " port " + port).isEqualTo("cluster");
					assertThat(port.get("targetPort")).as(service + " port " + port).isIn("cluster", CLUSTER_PORT);
				}
			}
		}
	}

	@Test
	void theKubernetesDeploymentRunsThreeNodesWithTheirPodIpTheCookieSecretAndReadiness() {
		Manifest deployment = named("deployment-kubernetes.yaml", "Deployment");
		assertThat(deployment.value("spec", "replicas")).isEqualTo(3);
		Map<String, Object> container = deployment.list("spec", "template", "spec", "containers").get(0);
		assertThat(env(container, "SPRING_PROFILES_ACTIVE").get("value")).asString().contains("kubernetes");
		assertThat(Manifest.value(env(container, "POD_IP"), "valueFrom", "fieldRef", "fieldPath"))
			.isEqualTo("status.podIP");
		Map<String, Object> cookie = Manifest.map(env(container, "CLUSTER_COOKIE"), "valueFrom", "secretKeyRef");
		assertThat(cookie).containsKeys("name", "key");
		assertThat(env(container, "CLUSTER_COOKIE")).doesNotContainKey("value");
		assertThat(Manifest.value(container, "readinessProbe", "httpGet", "path"))
			.isEqualTo("/actuator/health/readiness");
		assertThat(Manifest.list(container, "ports"))
			.anySatisfy((port) -> assertThat(port).containsEntry("name", "cluster")
				.containsEntry("containerPort", CLUSTER_PORT));
		String account = (String) deployment.value("spec", "template", "spec", "serviceAccountName");
		assertThat(kind("ServiceAccount")).extracting((manifest) -> manifest.string("metadata", "name"))
			.contains(account);
	}

	@Test
	void theTlsStatefulSetMountsTheCertificateThatCertManagerIssuesWhereTheTlsProfileReadsIt() {
		Manifest certificate = kind("Certificate").stream()
			.filter((manifest) -> "sample-cluster-tls".equals(manifest.string("metadata", "name")))
			.findFirst()
			.orElseThrow();
		assertThat((List<Object>) certificate.value("spec", "usages")).contains("server auth", "client auth");
		Manifest issuer = kind("Issuer").stream()
			.filter((manifest) -> manifest.string("metadata", "name")
				.equals(certificate.string("spec", "issuerRef", "name")))
			.findFirst()
			.orElseThrow();
		assertThat(issuer.value("spec", "ca", "secretName")).as("the nodes' issuer signs with a CA of its own")
			.isNotNull();
		Manifest statefulSet = named("statefulset-tls.yaml", "StatefulSet");
		Map<String, Object> container = statefulSet.list("spec", "template", "spec", "containers").get(0);
		assertThat(env(container, "SPRING_PROFILES_ACTIVE").get("value")).asString().contains("tls");
		Object directory = env(container, "CLUSTER_TLS_DIR").get("value");
		Map<String, Object> mount = Manifest.list(container, "volumeMounts").get(0);
		assertThat(mount.get("mountPath")).isEqualTo(directory);
		Map<String, Object> volume = statefulSet.list("spec", "template", "spec", "volumes")
			.stream()
			.filter((candidate) -> candidate.get("name").equals(mount.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(Manifest.value(volume, "secret", "secretName")).isEqualTo(certificate.string("spec", "secretName"));
		// cert-manager's Secret holds tls.crt, tls.key and ca.crt: the names the tls profile is given.
		assertThat(env(container, "CLUSTER_TLS_CERT").get("value")).isEqualTo("tls.crt");
		assertThat(env(container, "CLUSTER_TLS_KEY").get("value")).isEqualTo("tls.key");
	}

	@Test
	void theKubernetesProfileListsTheServiceThatSelectsTheDeployment() {
		Map<String, Object> kubernetes = kubernetesProfile();
		assertThat(kubernetes.getOrDefault("mode", "endpoint-slices")).isEqualTo("endpoint-slices");
		Manifest service = named("service-kubernetes.yaml", "Service");
		assertThat(kubernetes.get("service-name")).isEqualTo(service.string("metadata", "name"));
		assertThat(service.value("spec", "clusterIP")).isEqualTo("None");
		assertThat(named("deployment-kubernetes.yaml", "Deployment").map("spec", "template", "metadata", "labels"))
			.containsAllEntriesOf(service.map("spec", "selector"));
		assertThat(service.list("spec", "ports")).extracting((port) -> port.get("name"))
			.contains(kubernetes.getOrDefault("port-name", "cluster"));
		Map<String, Object> podLabels = named("deployment-kubernetes.yaml", "Deployment").map("spec", "template",
				"metadata", "labels");
		assertThat(kind("Service")).as("only %s selects the pods of the kubernetes sample", service)
			.filteredOn((other) -> podLabels.entrySet().containsAll(other.map("spec", "selector").entrySet()))
			.containsExactly(service);
	}

	@Test
	void theRoleAllowsExactlyWhatEndpointSlicesModeCalls() {
		Manifest deployment = named("deployment-kubernetes.yaml", "Deployment");
		assertLeastPrivilege("rbac.yaml", "discovery.k8s.io", "endpointslices",
				(String) deployment.value("spec", "template", "spec", "serviceAccountName"));
	}

	@Test
	void theRoleForPodsModeAllowsExactlyWhatPodsModeCallsUnderTheSameNames() {
		Manifest deployment = named("deployment-kubernetes.yaml", "Deployment");
		assertLeastPrivilege("rbac-pods.yaml", "", "pods",
				(String) deployment.value("spec", "template", "spec", "serviceAccountName"));
		for (String kind : List.of("ServiceAccount", "Role", "RoleBinding")) {
			assertThat(named("rbac-pods.yaml", kind).string("metadata", "name"))
				.as("applying rbac-pods.yaml replaces the %s of rbac.yaml", kind)
				.isEqualTo(named("rbac.yaml", kind).string("metadata", "name"));
		}
	}

	private void assertLeastPrivilege(String file, String group, String resource, String account) {
		Manifest binding = named(file, "RoleBinding");
		assertThat(binding.value("roleRef", "kind")).isEqualTo("Role");
		assertThat(binding.list("subjects")).anySatisfy((subject) -> assertThat(subject)
			.containsEntry("kind", "ServiceAccount")
			.containsEntry("name", account));
		assertThat(named(file, "ServiceAccount").string("metadata", "name")).isEqualTo(account);
		Manifest role = named(file, "Role");
		assertThat(role.string("metadata", "name")).isEqualTo(binding.value("roleRef", "name"));
		List<Map<String, Object>> rules = role.list("rules");
		assertThat(rules).hasSize(1);
		Map<String, Object> rule = rules.get(0);
		assertThat(rule.get("apiGroups")).asList().containsExactly(group);
		assertThat(rule.get("resources")).asList().containsExactly(resource);
		// list every poll, watch in between; nothing that writes, and no wildcard.
		assertThat(rule.get("verbs")).asList()
			.contains("list", "watch")
			.isSubsetOf(Set.of("get", "list", "watch"));
	}

	private Map<String, Object> kubernetesProfile() {
		try (Reader reader = Files.newBufferedReader(APPLICATION_YAML)) {
			for (Object document : yaml().loadAll(reader)) {
				Map<String, Object> map = Manifest.cast(document);
				Object profile = Manifest.value(map, "spring", "config", "activate", "on-profile");
				if (profile != null && profile.toString().startsWith("kubernetes")) {
					assertThat(Manifest.value(map, "cluster", "discovery", "strategy")).isEqualTo("kubernetes");
					return Manifest.map(map, "cluster", "discovery", "kubernetes");
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		throw new AssertionError("No kubernetes profile in " + APPLICATION_YAML);
	}

	private static Map<String, Object> env(Map<String, Object> container, String name) {
		return Manifest.list(container, "env")
			.stream()
			.filter((entry) -> name.equals(entry.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No env " + name));
	}

	private List<Manifest> workloads() {
		return this.manifests.stream()
			.filter((manifest) -> Set.of("Deployment", "StatefulSet").contains(manifest.string("kind")))
			.toList();
	}

	private List<Manifest> kind(String kind) {
		return this.manifests.stream().filter((manifest) -> kind.equals(manifest.string("kind"))).toList();
	}

	private Manifest named(String file, String kind) {
		List<Manifest> found = this.manifests.stream()
			.filter((manifest) -> manifest.file().equals(file) && kind.equals(manifest.string("kind")))
			.toList();
		assertThat(found).as("one %s in %s", kind, file).hasSize(1);
		return found.get(0);
	}

	private static List<Manifest> load() {
		List<Manifest> manifests = new ArrayList<>();
		try (Stream<Path> files = Files.list(K8S)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
				.sorted()
				.toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					int index = 0;
					for (Object document : yaml().loadAll(reader)) {
						if (document != null) {
							manifests.add(new Manifest(file.getFileName().toString(), index, Manifest.cast(document)));
						}
						index++;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return manifests;
	}

	private static Yaml yaml() {
		return new Yaml(new SafeConstructor(new LoaderOptions()));
	}

	private record Manifest(String file, int index, Map<String, Object> content) {

		String string(String... path) {
			Object value = value(this.content, path);
			return (value != null) ? value.toString() : null;
		}

		Object value(String... path) {
			return value(this.content, path);
		}

		Map<String, Object> map(String... path) {
			return map(this.content, path);
		}

		List<Map<String, Object>> list(String... path) {
			return list(this.content, path);
		}

		static Object value(Map<String, Object> map, String... path) {
			Object current = map;
			for (String key : path) {
				if (!(current instanceof Map<?, ?> level)) {
					return null;
				}
				current = level.get(key);
			}
			return current;
		}

		static Map<String, Object> map(Map<String, Object> map, String... path) {
			Object value = value(map, path);
			return (value != null) ? cast(value) : Map.of();
		}

		@SuppressWarnings("unchecked")
		static List<Map<String, Object>> list(Map<String, Object> map, String... path) {
			Object value = value(map, path);
			return (value != null) ? (List<Map<String, Object>>) value : List.of();
		}

		@SuppressWarnings("unchecked")
		static Map<String, Object> cast(Object value) {
			assertThat(value).isInstanceOf(Map.class);
			return (Map<String, Object>) value;
		}

		@Override
		public String toString() {
			return this.file + "#" + this.index + " " + string("kind") + " " + string("metadata", "name");
		}

	}

}
