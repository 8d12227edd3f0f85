/** The {@code slipway} command line: one picocli class per command, exit codes in {@link dev.slipway.cli.ExitCode}. */
package dev.slipway.cli;
