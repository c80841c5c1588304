package io.clusterboot.internal.discovery.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

import io.clusterboot.discovery.DiscoveryResult;
import io.clusterboot.discovery.PeerAddress;
import io.clusterboot.discovery.PeerDiscovery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers that answer badly or not at all: both DNS strategies report a failure that names the query,
 * the server and what happened, and never throw or report "nothing found".
 */
class BadDnsAnswersTests {

	private static final Name NAME = name("peers." + Dnsmasq.DOMAIN + ".");

	private static final Name SRV_NAME = name("_cluster._tcp.peers." + Dnsmasq.DOMAIN + ".");

	private static final Name TARGET = name("node-1." + Dnsmasq.DOMAIN + ".");

	static Stream<Arguments> badAnswers() {
		return Stream.of(bad("garbage", ScriptedDnsServer::garbage, "malformed answer"),
				bad("mismatched id", (query) -> ScriptedDnsServer.mismatchedId(query, answerFor(query)),
						"its id does not match the query's"),
				bad("too short", (query) -> new byte[] { 1, 2, 3 }, "malformed answer"),
				bad("another question", (query) -> ScriptedDnsServer.answer(Message.newQuery(
						Record.newRecord(name("other." + Dnsmasq.DOMAIN + "."), query.getQuestion().getType(),
								DClass.IN)), Rcode.NOERROR), "malformed answer"),
				bad("SERVFAIL", (query) -> ScriptedDnsServer.answer(query, Rcode.SERVFAIL), "answered SERVFAIL"),
				bad("REFUSED", (query) -> ScriptedDnsServer.answer(query, Rcode.REFUSED), "answered REFUSED"),
				bad("silence", (query) -> null, "no answer from"),
				bad("truncated, no TCP listener", ScriptedDnsServer::truncated, "cannot reach"));
	}

	@ParameterizedTest(name = "{0} to {1}")
	@MethodSource("cases")
	void aBadAnswerIsAFailureNamingTheQueryAndTheServer(String strategy, String answer,
			Function<Message, byte[]> script, String expected) throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udp(script)) {
			PeerDiscovery discovery = discovery(strategy, server.settings());
			for (int round = 0; round < 2; round++) {
				DiscoveryResult result = discovery.discover();
				assertThat(result).isInstanceOfSatisfying(DiscoveryResult.Failed.class,
						(failed) -> assertThat(failed.error()).contains(expected, "DNS query",
								strategy.equals("dns") ? NAME.toString() : SRV_NAME.toString(),
								"127.0.0.1:" + server.address().getPort()));
			}
		}
	}

	static Stream<Arguments> cases() {
		return Stream.of("dns", "srv")
			.flatMap((strategy) -> badAnswers().map((bad) -> Arguments.of(strategy, bad.get()[0], bad.get()[1],
					bad.get()[2])));
	}

	@Test
	void aTruncatedAnswerWhoseTcpRetryIsCutOffIsAFailure() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udpAndTcp(ScriptedDnsServer::truncated, (query) -> null)) {
			DiscoveryResult result = discovery("dns", server.settings()).discover();
			assertThat(result).isInstanceOfSatisfying(DiscoveryResult.Failed.class,
					(failed) -> assertThat(failed.error()).contains(NAME.toString(),
							"127.0.0.1:" + server.address().getPort()));
		}
	}

	@Test
	void aTruncatedAnswerIsAskedAgainOverTcp() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udpAndTcp(ScriptedDnsServer::truncated,
				(query) -> ScriptedDnsServer.answer(query, Rcode.NOERROR, answerFor(query)))) {
			assertThat(discovery("dns", server.settings()).discover())
				.isEqualTo(DnsPeerDiscoveryTests.found(new PeerAddress("127.0.0.2", 4370)));
		}
	}

	@Test
	void aQueryThatGetsNoAnswerIsRetriedAsConfigured() throws Exception {
		try (ScriptedDnsServer server = ScriptedDnsServer.udp((query) -> null)) {
			DnsSettings settings = new DnsSettings(List.of(server.address()), List.of(), 1, Duration.ofMillis(100), 2);
			DiscoveryResult result = discovery("dns", settings).discover();
			assertThat(result).isInstanceOfSatisfying(DiscoveryResult.Failed.class,
					(failed) -> assertThat(failed.error()).contains("no answer from", "within 100 ms", "(3 attempts)"));
			assertThat(server.queries()).isEqualTo(3);
		}
	}

	@Test
	void anotherServerIsAskedWhenOneFails() throws Exception {
		try (ScriptedDnsServer failing = ScriptedDnsServer.udp((query) -> ScriptedDnsServer.answer(query,
				Rcode.SERVFAIL));
				ScriptedDnsServer working = ScriptedDnsServer
					.udp((query) -> ScriptedDnsServer.answer(query, Rcode.NOERROR, answerFor(query)))) {
			DnsSettings settings = new DnsSettings(List.of(failing.address(), working.address()), List.of(), 1,
					Duration.ofMillis(300), 0);
			assertThat(discovery("dns", settings).discover())
				.isEqualTo(DnsPeerDiscoveryTests.found(new PeerAddress("127.0.0.2", 4370)));
			assertThat(failing.queries()).isPositive();
		}
	}

	private static PeerDiscovery discovery(String strategy, DnsSettings settings) {
		return strategy.equals("dns") ? new DnsPeerDiscovery(NAME.toString(), 4370, settings)
				: new SrvPeerDiscovery(SRV_NAME.toString(), settings);
	}

	// A correct answer to whatever was asked: 127.0.0.2 for A, one SRV record for SRV, nothing else.
	static Record[] answerFor(Message query) {
		Record question = query.getQuestion();
		return switch (question.getType()) {
			case Type.A -> new Record[] { new ARecord(question.getName(), DClass.IN, 0, address("127.0.0.2")) };
			case Type.SRV -> new Record[] { new SRVRecord(question.getName(), DClass.IN, 0, 0, 0, 4371, TARGET) };
			default -> new Record[0];
		};
	}

	private static Arguments bad(String name, Function<Message, byte[]> script, String expected) {
		return Arguments.of(name, script, expected);
	}

	static InetAddress address(String literal) {
		try {
			return Address.getByAddress(literal); // parses a literal, never looks anything up
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Name name(String name) {
		try {
			return Name.fromString(name);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
