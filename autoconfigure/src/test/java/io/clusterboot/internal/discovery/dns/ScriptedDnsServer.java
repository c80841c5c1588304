package io.clusterboot.internal.discovery.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS server on 127.0.0.1 that answers whatever a test scripts, well-formed or not: garbage,
 * truncated or mismatched answers, error codes, or silence. Optionally it also listens on TCP on the
 * same port, either answering or closing each connection at once.
 */
final class ScriptedDnsServer implements AutoCloseable {

	private final DatagramSocket udp;

	private final ServerSocket tcp;

	private final Function<Message, byte[]> udpScript;

	private final Function<Message, byte[]> tcpScript;

	private final AtomicInteger queries = new AtomicInteger();

	private volatile boolean closed;

	/**
	 * Starts a server.
	 * @param udpScript makes the UDP answer to a query, or returns {@code null} to stay silent
	 * @param tcpScript makes the TCP answer, or returns {@code null} to close the connection without
	 * one; without a script there is no TCP listener
	 */
	private ScriptedDnsServer(Function<Message, byte[]> udpScript, Function<Message, byte[]> tcpScript)
			throws IOException {
		this.udpScript = udpScript;
		this.tcpScript = tcpScript;
		DatagramSocket udpSocket = null;
		ServerSocket tcpSocket = null;
		// UDP and TCP on one port number: a port free for UDP may be taken for TCP, so try a few.
		for (int attempt = 0; attempt < 20 && (udpSocket == null || (tcpScript != null && tcpSocket == null)); attempt++) {
			udpSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			if (tcpScript != null) {
				try {
					tcpSocket = new ServerSocket(udpSocket.getLocalPort(), 8, InetAddress.getLoopbackAddress());
				}
				catch (IOException ex) {
					udpSocket.close();
					udpSocket = null;
				}
			}
		}
		if (udpSocket == null) {
			throw new IOException("No loopback port free for both UDP and TCP");
		}
		this.udp = udpSocket;
		this.tcp = tcpSocket;
		thread("scripted-dns-udp", this::serveUdp);
		if (this.tcp != null) {
			thread("scripted-dns-tcp", this::serveTcp);
		}
	}

	/** A server that answers UDP queries only. */
	static ScriptedDnsServer udp(Function<Message, byte[]> script) throws IOException {
		return new ScriptedDnsServer(script, null);
	}

	/** A server that answers over UDP and TCP. */
	static ScriptedDnsServer udpAndTcp(Function<Message, byte[]> udpScript, Function<Message, byte[]> tcpScript)
			throws IOException {
		return new ScriptedDnsServer(udpScript, tcpScript);
	}

	InetSocketAddress address() {
		return (InetSocketAddress) this.udp.getLocalSocketAddress();
	}

	/** Settings that ask this server only, with a short timeout and one retry. */
	DnsSettings settings() {
		return new DnsSettings(List.of(address()), List.of(), 1, Duration.ofMillis(300), 1);
	}

	/** How many queries arrived, over both protocols. */
	int queries() {
		return this.queries.get();
	}

	// Scripts

	/** A well-formed answer with the given code and answer records. */
	static byte[] answer(Message query, int rcode, Record... answers) {
		return answer(query, rcode, List.of(answers), List.of());
	}

	/** A well-formed answer with the given code, answer records and additional records. */
	static byte[] answer(Message query, int rcode, List<Record> answers, List<Record> additional) {
		Message response = new Message(query.getHeader().getID());
		response.getHeader().setFlag(Flags.QR);
		response.getHeader().setFlag(Flags.RA);
		response.getHeader().setRcode(rcode);
		response.addRecord(query.getQuestion(), Section.QUESTION);
		answers.forEach((record) -> response.addRecord(record, Section.ANSWER));
		additional.forEach((record) -> response.addRecord(record, Section.ADDITIONAL));
		return response.toWire();
	}

	/** An empty answer with the TC (truncated) flag: "ask again over TCP". */
	static byte[] truncated(Message query) {
		byte[] wire = answer(query, Rcode.NOERROR);
		wire[2] |= 0x02; // TC is bit 1 of the third header byte
		return wire;
	}

	/** A well-formed answer for another query id, as a stray or spoofed packet would be. */
	static byte[] mismatchedId(Message query, Record... answers) {
		byte[] wire = answer(query, Rcode.NOERROR, answers);
		int id = (query.getHeader().getID() + 1) & 0xFFFF;
		wire[0] = (byte) (id >> 8);
		wire[1] = (byte) id;
		return wire;
	}

	/** The query's id and a response header that promises records, followed by bytes that are none. */
	static byte[] garbage(Message query) {
		byte[] wire = new byte[40];
		int id = query.getHeader().getID();
		wire[0] = (byte) (id >> 8);
		wire[1] = (byte) id;
		wire[2] = (byte) 0x81; // QR, RD
		wire[3] = (byte) 0x80; // RA, NOERROR
		wire[5] = 1; // one question
		wire[7] = 5; // five answers
		Arrays.fill(wire, 12, wire.length, (byte) 0xC0); // compression pointers to nowhere
		return wire;
	}

	// Serving

	private void serveUdp() {
		byte[] buffer = new byte[65535];
		while (!this.closed) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.udp.receive(packet);
				this.queries.incrementAndGet();
				Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
				byte[] answer = this.udpScript.apply(query);
				if (answer != null) {
					this.udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
				}
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
			}
		}
	}

	private void serveTcp() {
		while (!this.closed) {
			try (Socket socket = this.tcp.accept()) {
				this.queries.incrementAndGet();
				DataInputStream in = new DataInputStream(socket.getInputStream());
				byte[] wire = new byte[in.readUnsignedShort()];
				in.readFully(wire);
				byte[] answer = this.tcpScript.apply(new Message(wire));
				if (answer != null) {
					DataOutputStream out = new DataOutputStream(socket.getOutputStream());
					out.writeShort(answer.length);
					out.write(answer);
					out.flush();
				}
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
			}
		}
	}

	private static void thread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() {
		this.closed = true;
		this.udp.close();
		if (this.tcp != null) {
			try {
				this.tcp.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

}
