/** The deploy history of an environment: numbered releases under {@code .slipway/state/<env>/}. */
package dev.slipway.core.release;
