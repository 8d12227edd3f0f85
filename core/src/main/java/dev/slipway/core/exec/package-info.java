/**
 * Runs a plan: the DAG executor that every target shares, and the per-environment deploy lock.
 */
package dev.slipway.core.exec;
