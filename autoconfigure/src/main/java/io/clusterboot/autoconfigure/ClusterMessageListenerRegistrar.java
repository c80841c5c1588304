package io.clusterboot.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import io.clusterboot.internal.messaging.Messenger;
import io.clusterboot.messaging.ClusterMessageContext;
import io.clusterboot.messaging.ClusterMessageListener;

/**
 * Finds the {@link ClusterMessageListener} methods of every bean once all singletons exist, and
 * registers each with the messenger: its payload parameter converted from the message, an optional
 * {@link ClusterMessageContext}, its return value the reply.
 */
final class ClusterMessageListenerRegistrar implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final Messenger messenger;

	ClusterMessageListenerRegistrar(ConfigurableListableBeanFactory beanFactory, Messenger messenger) {
		this.beanFactory = beanFactory;
		this.messenger = messenger;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type == null || type.getName().startsWith("org.springframework.")) {
				continue;
			}
			Map<Method, ClusterMessageListener> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<ClusterMessageListener>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, ClusterMessageListener.class));
			if (methods.isEmpty()) {
				continue;
			}
			Object bean = this.beanFactory.getBean(name);
			methods.forEach((method, annotation) -> register(bean, method, annotation.value()));
		}
	}

	private void register(Object bean, Method declared, String topic) {
		Method method = AopUtils.selectInvocableMethod(declared, bean.getClass());
		ReflectionUtils.makeAccessible(method);
		Class<?>[] parameters = method.getParameterTypes();
		int payloadIndex = -1;
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i] == ClusterMessageContext.class) {
				continue;
			}
			if (payloadIndex >= 0) {
				throw new IllegalStateException("@ClusterMessageListener method " + method
						+ " takes more than one payload; it may take one payload and a ClusterMessageContext");
			}
			payloadIndex = i;
		}
		int payload = payloadIndex;
		this.messenger.register(topic, new Messenger.Listener() {

			@Override
			public Object handle(ClusterMessageContext context, io.clusterboot.internal.messaging.PayloadCodec.Payload body)
					throws Exception {
				Object[] args = new Object[parameters.length];
				for (int i = 0; i < parameters.length; i++) {
					args[i] = (i == payload) ? ClusterMessageListenerRegistrar.this.messenger.codec()
						.decode(body, parameters[i]) : context;
				}
				try {
					return method.invoke(bean, args);
				}
				catch (InvocationTargetException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			}

			@Override
			public String toString() {
				return method.toString();
			}

		});
	}

}
