/**
 * Runs a plan: the DAG executor that every target shares, and around a deploy's steps its
 * recorded release, the checkup of earlier ones and the restore of the last good one, under the
 * environment's lock.
 */
package dev.slipway.core.exec;
