package io.clusterboot.bench.baselineactuator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application without the starter but with actuator (which the starter brings), to tell the two costs apart.
 * Only the start-up benchmark runs it, side by side with the sample app's jar.
 */
@SpringBootApplication
public class BaselineActuatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(BaselineActuatorApplication.class, args);
	}

}
