/**
 * The neutral model of a deploy script: immutable records that the DSL produces and the planner
 * and targets read. No Groovy, no target-specific types.
 */
package dev.slipway.core.model;
