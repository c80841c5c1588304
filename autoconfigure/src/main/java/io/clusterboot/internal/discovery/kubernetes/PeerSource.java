package io.clusterboot.internal.discovery.kubernetes;

import java.util.Set;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiException;
import okhttp3.Call;

import io.clusterboot.discovery.PeerAddress;

/**
 * One kind of Kubernetes object that lists peers: how to ask for it and which peers one object names.
 */
interface PeerSource {

	/**
	 * The resource as RBAC and error messages name it, e.g. {@code endpointslices}.
	 * @return the plural resource name
	 */
	String resource();

	/**
	 * The API group of the resource: {@code ""} for the core group.
	 * @return the group
	 */
	String group();

	/**
	 * What is selected, for messages, e.g. {@code kubernetes.io/service-name=orders}.
	 * @return the label selector
	 */
	String labelSelector();

	/**
	 * A list request for the selected objects.
	 * @return the call, not executed yet
	 * @throws ApiException if the request cannot be built
	 */
	Call list() throws ApiException;

	/**
	 * A watch request for the selected objects.
	 * @param resourceVersion where to start, or {@code null} for the current state
	 * @param timeoutSeconds after how long the server ends the watch
	 * @return the call, not executed yet
	 * @throws ApiException if the request cannot be built
	 */
	Call watch(String resourceVersion, int timeoutSeconds) throws ApiException;

	/**
	 * The peers that one object names.
	 * @param object an item of a list, or the object of a watch event
	 * @return the addresses to dial, possibly none
	 * @throws MalformedObjectException if the object does not have the expected shape
	 */
	Set<PeerAddress> peers(JsonObject object);

}
