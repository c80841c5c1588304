/**
 * The discovery SPI: implement {@link io.clusterboot.discovery.PeerDiscovery} to find peers where the
 * built-in strategies cannot (declare it as a bean: the {@code custom} strategy).
 */
@NullMarked
package io.clusterboot.discovery;

import org.jspecify.annotations.NullMarked;
