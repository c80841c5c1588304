package io.clusterboot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the run ran on, and how busy the machine was meanwhile (1-minute load average every 10 s). */
final class Machine implements AutoCloseable {

	private final List<Double> load = new CopyOnWriteArrayList<>();

	private final Thread sampler;

	private volatile boolean running = true;

	private final double loadBefore;

	Machine() {
		this.loadBefore = loadAverage();
		this.sampler = new Thread(() -> {
			while (this.running) {
				this.load.add(loadAverage());
				try {
					Thread.sleep(10_000);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "load-sampler");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	String loadSummary() {
		List<Double> samples = new ArrayList<>(this.load);
		String during = samples.isEmpty() ? "no samples" : "median " + Stats.number(Stats.of(samples).median())
				+ ", min " + Stats.number(Stats.of(samples).min()) + ", max " + Stats.number(Stats.of(samples).max())
				+ " (" + samples.size() + " samples, every 10 s)";
		return String.format(Locale.ROOT, "1-minute load average before the run %.2f; during the run %s", this.loadBefore,
				during);
	}

	/** {@code nproc}, {@code free -h}, {@code java -version}, kernel, Erlang/OTP release, as the commands print them. */
	static List<String[]> describe() {
		List<String[]> facts = new ArrayList<>();
		facts.add(new String[] { "nproc", command("nproc") });
		facts.add(new String[] { "free -h", command("free", "-h") });
		facts.add(new String[] { "java -version", command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-version") });
		facts.add(new String[] { "uname -srm", command("uname", "-srm") });
		facts.add(new String[] { "Erlang/OTP", command("erl", "-noshell", "-eval",
				"io:format(\"OTP ~s, ERTS ~s~n\", [erlang:system_info(otp_release), erlang:system_info(version)]), halt().") });
		facts.add(new String[] { "date", command("date", "-u", "+%Y-%m-%dT%H:%M:%SZ") });
		return facts;
	}

	static String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			process.waitFor();
			return out;
		}
		catch (IOException ex) {
			return "(" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "(interrupted)";
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.sampler.interrupt();
	}

}
