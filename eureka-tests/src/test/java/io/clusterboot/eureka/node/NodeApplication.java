package io.clusterboot.eureka.node;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with the starter and the Eureka client, nothing else. */
@SpringBootApplication
public class NodeApplication {

}
