package io.clusterboot.messaging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives the messages of a topic from other nodes. Its parameters are the
 * payload, converted to the parameter's type, and optionally a {@link ClusterMessageContext}. What it
 * returns answers a request ({@code void} answers {@code null}); what it throws fails the request,
 * carrying the exception's class and message, never its stack trace. Messages from one sender reach
 * it in order, never on an I/O thread; messages from different senders may run in parallel.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClusterMessageListener {

	/**
	 * The topic.
	 * @return the topic, e.g. {@code prices.changed}
	 */
	String value();

}
