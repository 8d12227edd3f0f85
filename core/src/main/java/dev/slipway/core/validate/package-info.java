/** Checks a project as a whole before planning: names, references, files, cycles, quantities. */
package dev.slipway.core.validate;
