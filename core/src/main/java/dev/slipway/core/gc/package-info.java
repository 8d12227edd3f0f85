/**
 * No leftovers: what an environment's history no longer keeps ({@link
 * dev.slipway.core.release.HistoryLimit}) goes, the images only those releases used from the local
 * container engine and then their records ({@code slipway gc}, also run after every successful
 * deploy). Only images a release recorded and that carry Slipway's labels for the project are
 * ever removed.
 */
package dev.slipway.core.gc;
