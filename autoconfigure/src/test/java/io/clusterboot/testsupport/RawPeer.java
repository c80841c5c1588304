package io.clusterboot.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import io.clusterboot.internal.node.Cookie;
import io.clusterboot.internal.transport.codec.FrameDecoder;
import io.clusterboot.internal.transport.codec.FrameEncoder;
import io.clusterboot.internal.transport.codec.FrameMac;
import io.clusterboot.internal.transport.codec.FrameTags;
import io.clusterboot.internal.transport.codec.Message;
import io.clusterboot.internal.transport.codec.Protocol;
import io.clusterboot.internal.transport.handshake.HandshakeProofs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A hand-driven peer on a plain socket, for saying exactly the wrong thing to a node: raw bytes,
 * single frames, recorded proofs.
 */
public final class RawPeer implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private FrameMac afterAccept;

	private int version = Protocol.MIN_VERSION;

	private RuntimeException unreadable;

	// The tags of this peer's frames once the node accepted it; every frame goes through it, so that
	// frames no encoder would write are numbered in the same sequence as the others.
	private FrameMac toNode;

	private final EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(),
			new io.netty.channel.ChannelInboundHandlerAdapter() {
				@Override
				public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
					if (msg instanceof Message.Accept && RawPeer.this.afterAccept != null) {
						ctx.pipeline().get(FrameDecoder.class).authenticate(RawPeer.this.afterAccept);
						ctx.pipeline().get(FrameDecoder.class).version(RawPeer.this.version);
					}
					ctx.fireChannelRead(msg);
				}
			});

	private final EmbeddedChannel encoder = new EmbeddedChannel(new FrameEncoder());

	private RawPeer(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Connects from a given loopback address.
	 */
	public static RawPeer connect(String fromHost, InetSocketAddress to) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(fromHost, 0));
		socket.connect(to, 5000);
		socket.setSoTimeout(15000);
		return new RawPeer(socket);
	}

	/**
	 * Waits for a node to dial in.
	 */
	public static RawPeer accept(java.net.ServerSocket server) throws IOException {
		Socket socket = server.accept();
		socket.setSoTimeout(15000);
		return new RawPeer(socket);
	}

	public void writeRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	public void writePreface() throws IOException {
		writeRaw(Protocol.preface());
	}

	/**
	 * Runs the dialler's side of the handshake, as a node that knows the cookie would.
	 * @param name the name to claim
	 * @param incarnation the incarnation to claim
	 * @param cookie the cookie to prove
	 * @return the node's answer to the proof: {@link Message.Accept}, a {@link Message.Reject}, or
	 * {@code null} if the node closed the connection
	 */
	public Message handshake(String name, long incarnation, Cookie cookie) throws IOException {
		writePreface();
		return handshake(new Message.Hello(name, nonce(), 4370, incarnation), cookie);
	}

	/**
	 * A fresh nonce for a HELLO.
	 * @return 32 random bytes
	 */
	public static byte[] nonce() {
		byte[] nonce = new byte[32];
		new java.security.SecureRandom().nextBytes(nonce);
		return nonce;
	}

	/**
	 * Runs the dialler's side of the handshake from HELLO on, after a preface the caller wrote.
	 * @param hello the HELLO to send, which says the versions this peer speaks
	 * @param cookie the cookie to prove
	 * @return the node's answer to the proof, as {@link #handshake(String, long, Cookie)}
	 */
	public Message handshake(Message.Hello hello, Cookie cookie) throws IOException {
		send(hello);
		Message answer = receive();
		if (!(answer instanceof Message.Challenge challenge)) {
			return answer;
		}
		HandshakeProofs proofs = new HandshakeProofs(cookie);
		// From the frame after ACCEPT on, frames carry tags, as a real node's would; the decoder switches
		// as soon as it has read ACCEPT, even when the next frame came in the same read.
		HandshakeProofs.FrameKeys keys = proofs.frameKeys(hello, challenge);
		this.afterAccept = new FrameMac(keys.listenerToDialer());
		this.version = challenge.version();
		send(new Message.Proof(proofs.dialerProof(hello, challenge)));
		Message result = receive();
		if (result instanceof Message.Accept) {
			this.toNode = new FrameMac(keys.dialerToListener());
		}
		return result;
	}

	public void send(Message message) throws IOException {
		this.encoder.writeOutbound(message);
		ByteBuf buf = this.encoder.readOutbound();
		buf.skipBytes(4);
		byte[] typeAndBody = new byte[buf.readableBytes()];
		buf.readBytes(typeAndBody);
		buf.release();
		sendFrame(typeAndBody);
	}

	/**
	 * Writes one frame of any content, with its length and, after the handshake, a valid tag: what a
	 * peer that knows the cookie can send.
	 * @param typeAndBody the type byte and the body
	 */
	public void sendFrame(byte[] typeAndBody) throws IOException {
		byte[] tag = (this.toNode != null) ? FrameTags.next(this.toNode, typeAndBody) : new byte[0];
		ByteBuf frame = Unpooled.buffer(4 + typeAndBody.length + tag.length);
		frame.writeInt(typeAndBody.length + tag.length).writeBytes(typeAndBody).writeBytes(tag);
		writeRaw(frame.array());
	}

	/**
	 * Reads the next message, or returns {@code null} when the node closed the connection.
	 */
	public Message receive() throws IOException {
		while (true) {
			Object decoded = this.decoder.readInbound();
			if (decoded != null) {
				return (Message) decoded;
			}
			if (this.unreadable != null) {
				throw this.unreadable;
			}
			byte[] chunk = new byte[4096];
			int read;
			try {
				read = this.in.read(chunk);
			}
			catch (java.net.SocketException ex) {
				return null; // reset by the node
			}
			if (read < 0) {
				return null;
			}
			try {
				this.decoder.writeInbound(Unpooled.wrappedBuffer(chunk, 0, read));
			}
			catch (RuntimeException ex) {
				// A handshake run by hand, without the frame keys, cannot read the tagged frames that may
				// come in the same read as ACCEPT: what was read before them is still returned.
				this.unreadable = ex;
			}
		}
	}

	/**
	 * Whether the node closes the connection (reading to the end, discarding what it sends).
	 */
	public boolean closedByNode() throws IOException {
		try {
			byte[] sink = new byte[4096];
			while (true) {
				if (this.in.read(sink) < 0) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (java.net.SocketException ex) {
			return true;
		}
	}

	public void setReadTimeout(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.decoder.finishAndReleaseAll();
		this.encoder.finishAndReleaseAll();
	}

}
