/**
 * Starting external programs: the one runner every pip, git, engine and Compose call goes
 * through, so that each has a time limit, never blocks on a full output pipe, leaves no process
 * behind when it is stopped, and names its command line when it fails.
 */
package dev.slipway.core.process;
