package io.clusterboot.internal.discovery.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

import io.clusterboot.discovery.PeerAddress;
import io.netty.util.NetUtil;

/**
 * Sends DNS queries with dnsjava and sorts the answers into "records", "no such name" and "failed".
 * Nothing is cached: every query goes to a server, so an answer never outlives its TTL between polls.
 * A truncated UDP answer is asked again over TCP by dnsjava's {@link SimpleResolver}.
 */
public final class DnsClient {

	// Bounds a chain of aliases, so that a loop of CNAMEs cannot keep a poll busy.
	private static final int MAX_CNAMES = 8;

	private final DnsSettings settings;

	private final List<SimpleResolver> resolvers;

	public DnsClient(DnsSettings settings) {
		this.settings = settings;
		this.resolvers = settings.servers().stream().map((server) -> {
			SimpleResolver resolver = new SimpleResolver(server);
			resolver.setTimeout(settings.timeout());
			return resolver;
		}).toList();
	}

	/**
	 * The names to try for a name, in order, as the system resolver does: an absolute name as it is;
	 * a relative name with the search domains appended, and as it is, first if it has at least
	 * {@code ndots} dots and last otherwise.
	 * @param name the name, absolute if it ends with a dot
	 * @return the absolute names to try
	 */
	public List<Name> candidates(Name name) {
		if (name.isAbsolute()) {
			return List.of(name);
		}
		List<Name> candidates = new ArrayList<>();
		Name asIs = concatenate(name, Name.root);
		boolean asIsFirst = name.labels() - 1 >= this.settings.ndots();
		if (asIsFirst) {
			add(candidates, asIs);
		}
		for (Name domain : this.settings.searchPath()) {
			add(candidates, concatenate(name, domain.isAbsolute() ? domain : concatenate(domain, Name.root)));
		}
		if (!asIsFirst) {
			add(candidates, asIs);
		}
		return candidates;
	}

	private static void add(List<Name> candidates, Name candidate) {
		if (candidate != null && !candidates.contains(candidate)) {
			candidates.add(candidate);
		}
	}

	/**
	 * Looks a name up as the system resolver does: each of its {@link #candidates(Name) candidates} in
	 * turn until one has something. A candidate whose server answers with an error such as SERVFAIL
	 * does not stop the search (another domain may be served elsewhere), but if no candidate has
	 * anything, that error is the outcome rather than "nothing"; a server that does not answer at all
	 * stops the search at once, since it would not answer for the other candidates either.
	 * @param <T> what is found
	 * @param name the name
	 * @param lookup what to look up for one candidate
	 * @return what the first candidate with something found, or nothing
	 * @throws DnsLookupException if the lookup failed
	 */
	public <T> List<T> search(Name name, CandidateLookup<T> lookup) throws DnsLookupException {
		DnsLookupException firstFailure = null;
		for (Name candidate : candidates(name)) {
			try {
				List<T> found = lookup.lookup(candidate);
				if (!found.isEmpty()) {
					return found;
				}
			}
			catch (DnsLookupException ex) {
				if (!ex.answered()) {
					throw ex;
				}
				firstFailure = (firstFailure != null) ? firstFailure : ex;
			}
		}
		if (firstFailure != null) {
			throw firstFailure;
		}
		return List.of();
	}

	/**
	 * Asks for the records of one type of an absolute name, following CNAMEs.
	 * @param name the absolute name
	 * @param type the record type, e.g. {@link Type#A}
	 * @return the answer; no records if the name does not exist or has none of that type
	 * @throws DnsLookupException if no server gave a usable answer
	 */
	public DnsReply query(Name name, int type) throws DnsLookupException {
		Name target = name;
		int cnames = 0;
		while (true) {
			Message response = send(target, type);
			if (response.getRcode() == Rcode.NXDOMAIN) {
				return DnsReply.noSuchName(name);
			}
			List<Record> answers = response.getSection(Section.ANSWER);
			Name asked = target;
			// Follow the chain as far as this answer goes; ask again only for an alias it left open.
			while (true) {
				List<Record> records = ofNameAndType(answers, target, type);
				if (!records.isEmpty()) {
					return new DnsReply(name, true, records, response.getSection(Section.ADDITIONAL));
				}
				Name alias = alias(answers, target);
				if (alias == null) {
					break;
				}
				if (++cnames > MAX_CNAMES) {
					throw new DnsLookupException(
							describe(name, type) + " failed: more than " + MAX_CNAMES + " CNAMEs in a row", true);
				}
				target = alias;
			}
			if (target.equals(asked)) {
				return new DnsReply(name, true, List.of(), List.of());
			}
		}
	}

	private Message send(Name name, int type) throws DnsLookupException {
		Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
		String failure = null;
		boolean answered = false;
		for (int attempt = 0; attempt <= this.settings.retries(); attempt++) {
			for (SimpleResolver resolver : this.resolvers) {
				String server = format(resolver.getAddress());
				try {
					Message response = exchange(resolver, query);
					int rcode = response.getRcode();
					if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
						return response;
					}
					failure = server + " answered " + Rcode.string(rcode);
					answered = true;
				}
				catch (SocketTimeoutException | TimeoutException ex) {
					answered = false;
					failure = "no answer from " + server + " within " + this.settings.timeout().toMillis() + " ms";
				}
				catch (WireParseException ex) {
					answered = false;
					failure = server + " sent a malformed answer (" + malformation(ex) + ")";
				}
				catch (IOException ex) {
					answered = false;
					failure = "cannot reach " + server + " (" + describe(ex) + ")";
				}
			}
		}
		int attempts = (this.settings.retries() + 1) * this.resolvers.size();
		throw new DnsLookupException(describe(name, type) + " failed: " + failure
				+ ((attempts > 1) ? " (" + attempts + " attempts)" : ""), answered);
	}

	private Message exchange(SimpleResolver resolver, Message query) throws IOException, TimeoutException {
		CompletableFuture<Message> response = resolver.sendAsync(query).toCompletableFuture();
		// dnsjava checks its own timeout only when its selector thread wakes up, about once a second, so
		// the wait is bounded here; it covers a retry over TCP too.
		try {
			return response.get(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			response.cancel(true);
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			response.cancel(true);
			throw new IOException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			throw new IOException(String.valueOf(cause), cause);
		}
	}

	private static List<Record> ofNameAndType(List<Record> records, Name name, int type) {
		return records.stream().filter((r) -> r.getType() == type && r.getName().equals(name)).toList();
	}

	private static Name alias(List<Record> records, Name name) {
		for (Record record : records) {
			if (record instanceof CNAMERecord cname && cname.getName().equals(name)) {
				return cname.getTarget();
			}
		}
		return null;
	}

	private static Name concatenate(Name prefix, Name suffix) {
		if (prefix == null || suffix == null) {
			return null;
		}
		try {
			return Name.concatenate(prefix, suffix);
		}
		catch (NameTooLongException ex) {
			return null;
		}
	}

	// Messages are also the key of a rate-limited warning, so they avoid per-packet details such as ids.
	private static String malformation(WireParseException ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.startsWith("invalid message id")) {
			return "its id does not match the query's";
		}
		return message;
	}

	private static String describe(IOException ex) {
		return (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName();
	}

	static String describe(Name name, int type) {
		return "DNS query " + name + " " + Type.string(type);
	}

	static String format(InetSocketAddress server) {
		return new PeerAddress(NetUtil.toAddressString(server.getAddress()), server.getPort()).toString();
	}

	@Override
	public String toString() {
		return "DnsClient " + this.settings.servers().stream().map(DnsClient::format).collect(Collectors.joining(", "));
	}

	/**
	 * A lookup for one candidate name.
	 *
	 * @param <T> what it finds
	 */
	@FunctionalInterface
	public interface CandidateLookup<T> {

		/**
		 * Looks up one absolute name.
		 * @param candidate the name
		 * @return what was found, possibly nothing
		 * @throws DnsLookupException if a query got no usable answer
		 */
		List<T> lookup(Name candidate) throws DnsLookupException;

	}

}
