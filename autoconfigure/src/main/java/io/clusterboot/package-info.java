/**
 * What an application uses: the {@link io.clusterboot.Cluster} it injects, the names, members and
 * events it reads, and the reasons it is told. Everything here is public API.
 */
@NullMarked
package io.clusterboot;

import org.jspecify.annotations.NullMarked;
