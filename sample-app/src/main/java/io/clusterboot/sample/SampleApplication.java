package io.clusterboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.event.EventListener;

import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeUpEvent;

/**
 * A Spring Boot application that joins a cluster. Start it twice on one machine and the two
 * instances find each other with no configuration (the {@code local} strategy).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@EventListener
	void on(NodeUpEvent event) {
		System.out.println("[sample] node up: " + event.member().name());
	}

	@EventListener
	void on(NodeDownEvent event) {
		System.out.println("[sample] node down: " + event.member().name() + " (" + event.reason() + ")");
	}

}
