/** What goes into a Python service's image: its source files, dependency file and their digests. */
package dev.slipway.core.image;
