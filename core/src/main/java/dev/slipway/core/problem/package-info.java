/** How Slipway reports bad input: located problems with a fix, collected rather than thrown one by one. */
package dev.slipway.core.problem;
