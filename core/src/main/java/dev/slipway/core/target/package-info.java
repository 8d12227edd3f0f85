/**
 * The service-provider interface that deployment targets implement (Compose, Kubernetes), and
 * the values that pass between the engine and them. Adapters register with {@link
 * java.util.ServiceLoader}, so adding a target needs no change in core.
 */
package dev.slipway.core.target;
