/** Guesses a Python application's start command from its source, with a reason the plan shows. */
package dev.slipway.core.detect;
