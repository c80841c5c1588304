package io.clusterboot.eureka.registry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/** A Eureka server, as a team would run one. */
@SpringBootApplication
@EnableEurekaServer
public class RegistryApplication {

}
