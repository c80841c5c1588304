package io.clusterboot.internal.node;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The cookies a node knows: the one it uses ({@code cluster.cookie}) and those it also accepts
 * ({@code cluster.accepted-cookies}) while a cluster moves from one cookie to another. A dialler
 * names them all in its HELLO; the listener picks the first it knows too, and both prove with that.
 */
public final class Cookies {

	/** The most cookies a node knows, so that a HELLO stays small. */
	public static final int MAX = 4;

	private final List<Cookie> all;

	/**
	 * Creates the set.
	 * @param primary the cookie this node uses
	 * @param accepted the other cookies it accepts; duplicates of the primary are ignored
	 * @throws IllegalArgumentException if there are more than {@link #MAX} in all
	 */
	public Cookies(Cookie primary, List<Cookie> accepted) {
		List<Cookie> all = new ArrayList<>();
		all.add(primary);
		for (Cookie cookie : accepted) {
			if (!all.contains(cookie)) {
				all.add(cookie);
			}
		}
		if (all.size() > MAX) {
			throw new IllegalArgumentException("A node accepts at most " + (MAX - 1) + " cookies besides its own");
		}
		this.all = List.copyOf(all);
	}

	/**
	 * Only one cookie.
	 * @param cookie the cookie
	 * @return the set
	 */
	public static Cookies of(Cookie cookie) {
		return new Cookies(cookie, List.of());
	}

	/**
	 * The cookie this node uses.
	 * @return the cookie
	 */
	public Cookie primary() {
		return this.all.get(0);
	}

	/**
	 * Every cookie, the primary first.
	 * @return the cookies
	 */
	public List<Cookie> all() {
		return this.all;
	}

	/**
	 * The ids of every cookie, in order.
	 * @return the ids
	 */
	public List<byte[]> ids() {
		return this.all.stream().map(Cookie::id).toList();
	}

	/**
	 * The cookie with an id.
	 * @param id an id from a peer
	 * @return the cookie, or {@code null} if none has it
	 */
	public Cookie find(byte[] id) {
		for (Cookie cookie : this.all) {
			if (MessageDigest.isEqual(cookie.id(), id)) {
				return cookie;
			}
		}
		return null;
	}

}
