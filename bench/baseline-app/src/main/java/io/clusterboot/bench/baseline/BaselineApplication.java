package io.clusterboot.bench.baseline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application without the starter: same web stack, no clustering, no actuator.
 * Only the start-up benchmark runs it, side by side with the sample app's jar.
 */
@SpringBootApplication
public class BaselineApplication {

	public static void main(String[] args) {
		SpringApplication.run(BaselineApplication.class, args);
	}

}
