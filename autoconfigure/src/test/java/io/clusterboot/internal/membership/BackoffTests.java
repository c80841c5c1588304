package io.clusterboot.internal.membership;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

	@Test
	void doublesWithEachFailureWithinTwentyPercentJitter() {
		for (int failures = 1; failures <= 5; failures++) {
			long expected = 200L << (failures - 1);
			assertThat(this.backoff.delay(failures).toMillis()).isBetween((long) (expected * 0.8),
					(long) (expected * 1.2));
		}
	}

	@Test
	void neverExceedsTheMaximum() {
		assertThat(this.backoff.delay(50)).isLessThanOrEqualTo(Duration.ofSeconds(30))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(24));
		assertThat(this.backoff.delay(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void refusesAMaximumBelowTheInitialDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
	}

}
