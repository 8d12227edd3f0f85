/**
 * The build and test stages: resolving a service's Python dependencies with real pip, assembling
 * a layered image with jib-core (base, dependencies, application), pushing it where the user
 * asked, and running pytest against exactly what went into the image.
 */
package dev.slipway.core.build;
