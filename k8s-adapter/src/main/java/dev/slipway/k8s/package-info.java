/**
 * The Kubernetes target: reads and checks the {@code kubernetes(...)} settings and hands
 * rendering to {@link dev.slipway.k8s.render}. Registered for {@link java.util.ServiceLoader}.
 */
package dev.slipway.k8s;
