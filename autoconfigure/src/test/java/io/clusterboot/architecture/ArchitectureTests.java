package io.clusterboot.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code, after Spring Boot's own ArchitectureRules: what users may depend on is
 * public, everything else is package-private or in {@code io.clusterboot.internal}; the core is free
 * of Spring; packages form no cycles.
 */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.clusterboot");

	@Test
	void publicTypesAreTheApiTheDiscoverySpiTheSpringGlueOrInternal() {
		classes().that()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.should()
			.resideInAnyPackage("io.clusterboot", "io.clusterboot.discovery", "io.clusterboot.messaging",
					"io.clusterboot.actuate", "io.clusterboot.autoconfigure", "io.clusterboot.internal..")
			.check(MAIN);
	}

	@Test
	void theApiIsSmall() {
		classes().that()
			.resideInAnyPackage("io.clusterboot", "io.clusterboot.discovery")
			.and()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.should()
			.haveSimpleNameNotContaining("Impl")
			.check(MAIN);
		org.assertj.core.api.Assertions
			.assertThat(MAIN.stream()
				.filter((c) -> c.getPackageName().equals("io.clusterboot")
						|| c.getPackageName().equals("io.clusterboot.discovery"))
				.filter((c) -> c.getModifiers().contains(JavaModifier.PUBLIC) && c.isTopLevelClass())
				.map((c) -> c.getSimpleName()))
			.containsExactlyInAnyOrder("Cluster", "ClusterEvent", "ClusterListener", "DiscoveryStatus", "Member", "MemberState",
					"NodeDownEvent", "NodeName", "NodeUpEvent", "Reason", "DiscoveryResult", "PeerAddress",
					"PeerDiscovery", "CertificateSummary", "TlsSession");
	}

	@Test
	void theCoreIsFreeOfSpring() {
		noClasses().that()
			.resideOutsideOfPackages("io.clusterboot.actuate", "io.clusterboot.autoconfigure")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.check(MAIN);
	}

	@Test
	void theApiDependsOnNothingInternalButItsHelpers() {
		noClasses().that()
			.resideInAnyPackage("io.clusterboot", "io.clusterboot.discovery", "io.clusterboot.messaging")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.clusterboot.internal.membership..", "io.clusterboot.internal.transport..",
					"io.clusterboot.internal.node..", "io.clusterboot.internal.discovery..",
					"io.clusterboot.actuate..", "io.clusterboot.autoconfigure..")
			.check(MAIN);
	}

	@Test
	void packagesFormNoCycles() {
		slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(MAIN);
	}

	// Every package is a slice of its own, the root package included.
	private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			return javaClass.getPackageName().startsWith("io.clusterboot")
					? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "packages of io.clusterboot";
		}

	};

}
